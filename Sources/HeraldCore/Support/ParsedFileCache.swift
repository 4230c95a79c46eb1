import Foundation

/// What the last build read from each content file of one kind — the contestants of each
/// `contest/contestants/UNIT.yml`, each notice — with the messages reading it gave, kept in the cache
/// folder (`.herald-cache/KIND-HASH.bin`, one per content folder) so a rebuild parses only the files
/// that changed. Parsing tens of thousands of contestants, and thousands of notices' front matter, was
/// the largest part of a rebuild after a one-notice edit.
///
/// A file is taken from the cache when its size, modification time (ns), inode and status-change time
/// (ns; nothing outside the kernel sets it) are those it had when it was read, its display path and the
/// reading settings (size limits) are the same, and the same `herald` wrote the cache. A file changed
/// in the last two seconds is not stored (its next change could keep the same modification time on a
/// coarse clock), and a cache whose checksum or format does not read back whole counts as empty: it only
/// ever saves work, never decides what a build says.
final class ParsedFileCache<Value>: @unchecked Sendable {
    struct Record {
        var stamp: FileSystem.Stamp
        var displayPath: String
        /// `encode` of the file's value and messages.
        var payload: ArraySlice<UInt8>
    }

    /// How a file's value and messages are stored (locations in the file itself without its path).
    struct Codec: Sendable {
        var encode: @Sendable (Value, Diagnostics, _ displayPath: String) -> [UInt8]
        var decode: @Sendable (ArraySlice<UInt8>, _ displayPath: String) -> (Value, Diagnostics)?

        /// A fact read from a file (a media header, a thumbnail stem), with no messages (see `fact(of:)`).
        static func fact(write: @escaping @Sendable (Value, inout BinaryWriter) -> Void,
                         read: @escaping @Sendable (inout BinaryReader) -> Value?) -> Codec {
            Codec(encode: { fact, _, _ in
                var writer = BinaryWriter()
                write(fact, &writer)
                return writer.bytes
            }, decode: { payload, _ in
                var reader = BinaryReader(Array(payload))
                guard let fact = read(&reader), reader.isAtEnd else { return nil }
                return (fact, Diagnostics())
            })
        }
    }

    private let file: String
    private let header: String
    private let codec: Codec
    private let previous: [String: Record]
    private var current: [String: Record] = [:]
    private let lock = NSLock()
    private(set) var hits = 0
    /// How long a file must have been left alone to be kept (tests shorten it).
    private let settling: TimeInterval

    /// The cache of `kind` files of the content folder `contentRoot` in `cacheDirectory`; `settings`:
    /// what else reading depends on (size limits), which must match for the cache to count.
    init(kind: String, version: Int, cacheDirectory: String, contentRoot: String, settings: String, codec: Codec,
         settling: TimeInterval = 2) {
        self.codec = codec
        self.settling = settling
        let header = "herald-\(kind) \(version)\n\(CacheFile.producer)\n\(settings)\n"
        let root = FileSystem.realPath(contentRoot) ?? contentRoot
        let file = cacheDirectory + "/\(kind)-" + StableHash.hex(root) + ".bin"
        self.header = header
        self.file = file
        previous = FileSystem.read(file).flatMap { Self.records(in: [UInt8]($0), header: header) } ?? [:]
    }

    /// The value and messages of `path` (relative to `content/`): from the cache when the file is the
    /// one it describes, otherwise from `load`, remembered for the next build.
    func value(of path: String, in content: ContentDirectory, load: (inout Diagnostics) -> Value) -> (Value, Diagnostics) {
        let (status, displayPath, cached) = lookUp(path, in: content)
        if let cached { return cached }
        var diagnostics = Diagnostics()
        let value = load(&diagnostics)
        keep(value, diagnostics, for: path, status: status, displayPath: displayPath)
        return (value, diagnostics)
    }

    /// A fact read from the file at `path` (relative to `content/`: a media header, a thumbnail stem):
    /// from the cache when the file is the one it was read from, otherwise `read()`, remembered only when
    /// it succeeded (a file that cannot be read is read again next time, for its message).
    func fact<Failure: Error>(of path: String, in content: ContentDirectory, read: () -> Result<Value, Failure>) -> Result<Value, Failure> {
        let (status, displayPath, cached) = lookUp(path, in: content)
        if let cached { return .success(cached.0) }
        let result = read()
        if case .success(let value) = result { keep(value, Diagnostics(), for: path, status: status, displayPath: displayPath) }
        return result
    }

    private func lookUp(_ path: String, in content: ContentDirectory)
        -> (status: FileSystem.Status?, displayPath: String, cached: (Value, Diagnostics)?) {
        let displayPath = content.displayPath(path)
        let status = FileSystem.status(content.absolutePath(path))
        if let status, let record = previous[path], record.stamp == status.stamp, record.displayPath == displayPath,
           let decoded = codec.decode(record.payload, displayPath) {
            remember(path, record, hit: true)
            return (status, displayPath, decoded)
        }
        return (status, displayPath, nil)
    }

    private func keep(_ value: Value, _ diagnostics: Diagnostics, for path: String, status: FileSystem.Status?, displayPath: String) {
        guard let status, status.isRegularFile, status.stamp.isSettled(for: settling) else { return }
        let payload = codec.encode(value, diagnostics, displayPath)
        remember(path, Record(stamp: status.stamp, displayPath: displayPath, payload: payload[...]), hit: false)
    }

    private func remember(_ path: String, _ record: Record, hit: Bool) {
        lock.lock()
        current[path] = record
        if hit { hits += 1 }
        lock.unlock()
    }

    /// Writes what this build read (files gone since are dropped), replacing the previous cache whole;
    /// nothing when every file came from the cache and none is gone.
    func save() {
        lock.lock()
        let unchanged = hits == current.count && current.count == previous.count
        let records = current
        lock.unlock()
        guard !unchanged else { return }
        var writer = BinaryWriter()
        writer.append(raw: Array(header.utf8))
        for (path, record) in records.sorted(by: { $0.key < $1.key }) {
            writer.append(path)
            writer.append(record.stamp)
            writer.append(record.displayPath)
            writer.append(UInt64(record.payload.count))
            writer.append(raw: record.payload)
        }
        try? CacheFile.replace(file, with: CacheFile.sealed(writer))
    }

    private static func records(in bytes: [UInt8], header: String) -> [String: Record]? {
        guard var reader = CacheFile.unsealed(bytes, header: header) else { return nil }
        var records: [String: Record] = [:]
        while !reader.isAtEnd {
            guard let path = reader.string(), let stamp = reader.stamp(), let displayPath = reader.string(),
                  let length = reader.unsigned(), length <= UInt64(Int.max), let payload = reader.raw(Int(length))
            else { return nil }
            records[path] = Record(stamp: stamp, displayPath: displayPath, payload: payload)
        }
        return records
    }
}

