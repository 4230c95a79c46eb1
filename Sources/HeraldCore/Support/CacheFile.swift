import Foundation

/// What every file Herald keeps in `.herald-cache/` between builds shares (the output manifest, the
/// parsed contestant files): who wrote it, and how it is replaced.
enum CacheFile {
    /// The program that wrote a cache file: a new `herald` (another renderer, built-in theme, template
    /// library or cache format) must not trust what an older one stored from the same data.
    static let producer: String = {
        guard let program = FileSystem.status("/proc/self/exe") else { return "unknown" }
        return "\(program.identity.size)-\(program.identity.modified)-\(program.identity.inode)"
    }()

    /// Writes `data` at `path` whole (a crash leaves the old file or the new), making its folder if needed.
    static func replace(_ path: String, with data: Data) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// `writer`'s bytes with a checksum of them appended, for `replace`.
    static func sealed(_ writer: BinaryWriter) -> Data {
        var writer = writer
        let checksum = StableHash.value(writer.bytes)
        writer.append(raw: (0..<8).map { UInt8(truncatingIfNeeded: checksum >> ($0 * 8)) })
        return Data(writer.bytes)
    }

    /// A reader after `header`, when `bytes` begin with it and end with the checksum `sealed` wrote: a
    /// damaged or foreign file is never half believed.
    static func unsealed(_ bytes: [UInt8], header: String) -> BinaryReader? {
        let header = Array(header.utf8)
        guard bytes.count >= header.count + 8, bytes.starts(with: header) else { return nil }
        let body = bytes.dropLast(8)
        let checksum = bytes.suffix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard StableHash.value(body) == checksum else { return nil }
        return BinaryReader(Array(body), offset: header.count)
    }
}
