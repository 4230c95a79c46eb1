import Foundation

/// What every file Herald keeps in `.herald-cache/` between builds shares (the output manifest, the
/// parsed contestant files and notices, the rendered Markdown): who wrote it, and how it is replaced.
enum CacheFile {
    /// The program that wrote a cache file, with the shared libraries that shape what it caches: a new
    /// `herald` (another renderer, built-in theme, template library or cache format) or an upgraded
    /// cmark-gfm (it renders the Markdown the memo keeps), libxml2 (it takes the summaries) or glib (it
    /// escapes what the pages in the manifest print) must not trust what the old one stored from the
    /// same data. The identity (size, mtime, inode) of the executable and of those libraries, digested.
    /// Only libraries linked at start are named (others, such as the modules glibc loads to look up a
    /// user, appear while threads run: counting them would make the producer depend on timing and throw
    /// the caches away).
    static let producer: String = {
        guard let program = FileSystem.status("/proc/self/exe") else { return "unknown" }
        var identities = ["\(program.identity.size)-\(program.identity.modified)-\(program.identity.inode)"]
        for file in loadedLibraries where shapesCaches(file) {
            guard let library = FileSystem.status(file)?.identity else { continue }
            identities.append("\(file) \(library.size)-\(library.modified)-\(library.inode)")
        }
        return StableHash.hex(identities.joined(separator: "\n"))
    }()

    /// cmark-gfm and its extensions, libxml2, glib (it escapes what layouts print).
    static func shapesCaches(_ library: String) -> Bool {
        let name = library.split(separator: "/").last ?? ""
        return name.hasPrefix("libcmark-gfm") || name.hasPrefix("libxml2.") || name.hasPrefix("libglib-2.0.")
    }

    /// The shared libraries mapped into this process, sorted (their order in memory changes from run to run).
    static var loadedLibraries: [String] {
        var files = Set<String>()
        // Read to the end: /proc files have no size, and reading them by size gives nothing or one page.
        let maps = FileHandle(forReadingAtPath: "/proc/self/maps").map { String(decoding: $0.readDataToEndOfFile(), as: UTF8.self) } ?? ""
        for line in maps.split(separator: "\n") {
            guard let slash = line.firstIndex(of: "/") else { continue }
            let path = line[slash...]
            if path.contains(".so") { files.insert(String(path)) }
        }
        return files.sorted()
    }

    /// Writes `data` at `path` whole (a crash leaves the old file or the new), making its folder if needed.
    static func replace(_ path: String, with data: Data) throws {
        try FileManager.default.createDirectory(atPath: folderPart(of: path),
                                                withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// `writer`'s bytes with a checksum of them appended, for `replace`.
    static func sealed(_ writer: BinaryWriter) -> Data {
        var writer = writer
        let sum = checksum(writer.bytes[...])
        writer.append(raw: (0..<8).map { UInt8(truncatingIfNeeded: sum >> ($0 * 8)) })
        return Data(writer.bytes)
    }

    /// A reader after `header`, when `bytes` begin with it and end with the checksum `sealed` wrote: a
    /// damaged or foreign file is never half believed.
    static func unsealed(_ bytes: [UInt8], header: String) -> BinaryReader? {
        let header = Array(header.utf8)
        guard bytes.count >= header.count + 8, bytes.starts(with: header) else { return nil }
        let stored = bytes.suffix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard checksum(bytes.dropLast(8)) == stored else { return nil }
        return BinaryReader(bytes, offset: header.count, end: bytes.count - 8)
    }

    /// A checksum of a cache file's bytes, taken eight at a time: the caches run to tens of megabytes and
    /// are read on every build (byte by byte, FNV-1a took 60 ms of a rebuild). Each word is mixed in
    /// with a multiplication and a rotation, so a changed, moved or missing byte changes the sum.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBytes { raw -> UInt64 in
            var sum: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(raw.count)
            let words = raw.count / 8
            for index in 0..<words {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
                sum = rotated((sum ^ word) &* 0x9E37_79B9_7F4A_7C15, by: 29)
            }
            for byte in raw[(words * 8)...] {
                sum = rotated((sum ^ UInt64(byte)) &* 0x0000_0100_0000_01B3, by: 7)
            }
            return sum
        }
    }

    private static func rotated(_ value: UInt64, by count: UInt64) -> UInt64 { (value << count) | (value >> (64 - count)) }
}
