import Foundation

/// What the last build read from each `contest/contestants/UNIT.yml`: the contestants and the messages,
/// kept in the cache folder (`.herald-cache/contestants-HASH.bin`, one per content folder) so a rebuild
/// parses only the files that changed. Parsing tens of thousands of entries with their positions was
/// the largest part of a rebuild after a one-notice edit.
///
/// A file is taken from the cache when its size, modification time (ns), inode and status-change time
/// (ns; nothing outside the kernel sets it) are those it had when it was read, its display path and the YAML size limit are the same, and the same `herald`
/// wrote the cache. A file changed in the last two seconds is not stored (its next change could keep
/// the same modification time on a coarse clock), and a cache whose checksum or format does not read
/// back whole counts as empty: it only ever saves work, never decides what a build says.
final class ContestantFileCache: @unchecked Sendable {
    static let version = 2

    struct Record {
        var identity: FileSystem.Identity
        /// `st_ctime`: catches a rewrite that keeps size, mtime and inode (`cp -p`, `rsync --inplace -t`)
        /// and a `chmod` that makes an unreadable file readable.
        var statusChanged: Int64
        var displayPath: String
        /// `ContestantFileCache.encode` of the file's contestants and messages.
        var payload: ArraySlice<UInt8>
    }

    private let file: String
    private let yamlLimit: Int
    private let previous: [String: Record]
    private var current: [String: Record] = [:]
    private let lock = NSLock()
    private(set) var hits = 0
    /// How long a file must have been left alone to be kept (tests shorten it).
    private let settling: TimeInterval

    /// The cache of the content folder `contentRoot` in `cacheDirectory`.
    init(cacheDirectory: String, contentRoot: String, yamlLimit: Int, settling: TimeInterval = 2) {
        self.yamlLimit = yamlLimit
        self.settling = settling
        let root = FileSystem.realPath(contentRoot) ?? contentRoot
        file = cacheDirectory + "/contestants-" + StableHash.hex(root) + ".bin"
        previous = FileSystem.read(file).flatMap { Self.records(in: [UInt8]($0), yamlLimit: yamlLimit) } ?? [:]
    }

    private static var header: String { "herald-contestants \(version)\n\(CacheFile.producer)\n" }

    /// The contestants and messages of `path` (relative to `content/`): from the cache when the file is
    /// the one it describes, otherwise from `load`, remembered for the next build.
    func contestants(of path: String, in content: ContentDirectory,
                     load: (inout Diagnostics) -> [Contestant]) -> ([Contestant], Diagnostics) {
        let displayPath = content.displayPath(path)
        let status = FileSystem.status(content.absolutePath(path))
        if let status, let record = previous[path], record.identity == status.identity,
           record.statusChanged == status.statusChanged, record.displayPath == displayPath,
           let decoded = Self.decode(record.payload, displayPath: displayPath) {
            remember(path, record, hit: true)
            return decoded
        }
        var diagnostics = Diagnostics()
        let contestants = load(&diagnostics)
        let settled = Int64((Date().timeIntervalSince1970 - settling) * 1_000_000_000)
        if let status, status.isRegularFile, max(status.identity.modified, status.statusChanged) < settled {
            let payload = Self.encode(contestants, diagnostics, displayPath: displayPath)
            remember(path, Record(identity: status.identity, statusChanged: status.statusChanged, displayPath: displayPath,
                                  payload: payload[...]), hit: false)
        }
        return (contestants, diagnostics)
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
        guard hits < current.count || current.count != previous.count else { return }
        var writer = BinaryWriter()
        writer.append(raw: Array(Self.header.utf8))
        writer.append(yamlLimit)
        for (path, record) in current.sorted(by: { $0.key < $1.key }) {
            writer.append(path)
            writer.append(record.identity.size)
            writer.append(Int(record.identity.modified))
            writer.append(record.identity.inode)
            writer.append(Int(record.statusChanged))
            writer.append(record.displayPath)
            writer.append(UInt64(record.payload.count))
            writer.append(raw: record.payload)
        }
        try? CacheFile.replace(file, with: CacheFile.sealed(writer))
    }

    private static func records(in bytes: [UInt8], yamlLimit: Int) -> [String: Record]? {
        guard var reader = CacheFile.unsealed(bytes, header: header) else { return nil }
        guard reader.integer() == yamlLimit else { return nil }
        var records: [String: Record] = [:]
        while !reader.isAtEnd {
            guard let path = reader.string(), let size = reader.integer(), let modified = reader.integer(),
                  let inode = reader.unsigned(), let statusChanged = reader.integer(), let displayPath = reader.string(),
                  let length = reader.unsigned(),
                  length <= UInt64(Int.max), let payload = reader.raw(Int(length)) else { return nil }
            records[path] = Record(identity: FileSystem.Identity(size: size, modified: Int64(modified), inode: inode),
                                   statusChanged: Int64(statusChanged), displayPath: displayPath, payload: payload)
        }
        return records
    }

    // MARK: - Payload

    /// Locations in the file itself (nearly all) are written without its path.
    private static func append(_ location: SourceLocation, to writer: inout BinaryWriter, displayPath: String) {
        writer.append(location.file == displayPath ? nil : location.file)
        writer.append(location.line)
        writer.append(location.column)
    }

    private static func location(_ reader: inout BinaryReader, displayPath: String) -> SourceLocation? {
        guard let file = reader.optionalString(), let line = reader.integer(), let column = reader.integer() else { return nil }
        return SourceLocation(file: file ?? displayPath, line: line, column: column)
    }

    static func encode(_ contestants: [Contestant], _ diagnostics: Diagnostics, displayPath: String) -> [UInt8] {
        var writer = BinaryWriter()
        writer.append(contestants.count)
        for contestant in contestants {
            writer.append(contestant.id)
            writer.append(contestant.unit)
            writer.append(contestant.name)
            writer.append(contestant.employer)
            writer.append(contestant.occupation)
            writer.append(contestant.song)
            writer.append(contestant.video)
            writer.append(contestant.cover)
            writer.append(contestant.performers)
            writer.append(contestant.submittedAt != nil)
            if let date = contestant.submittedAt {
                for part in [date.year, date.month, date.day, date.hour, date.minute, date.second] { writer.append(part) }
                writer.append(date.hasTime)
                writer.append(date.utcOffset != nil)
                if let offset = date.utcOffset { writer.append(offset) }
            }
            writer.append(contestant.copyrightReserved)
            writer.append(contestant.bio)
            append(contestant.location, to: &writer, displayPath: displayPath)
            writer.append(contestant.fieldLocations.count)
            for (field, location) in contestant.fieldLocations.sorted(by: { $0.key < $1.key }) {
                writer.append(field)
                append(location, to: &writer, displayPath: displayPath)
            }
        }
        writer.append(diagnostics.items.count)
        for diagnostic in diagnostics.items {
            writer.append(diagnostic.severity == .error)
            append(diagnostic.location, to: &writer, displayPath: displayPath)
            writer.append(diagnostic.message)
            writer.append(diagnostic.hint)
        }
        return writer.bytes
    }

    static func decode(_ payload: ArraySlice<UInt8>, displayPath: String) -> ([Contestant], Diagnostics)? {
        var reader = BinaryReader(Array(payload))
        guard let count = reader.integer(), count >= 0 else { return nil }
        var contestants: [Contestant] = []
        contestants.reserveCapacity(min(count, payload.count))
        for _ in 0..<count {
            guard let id = reader.string(), let unit = reader.string(), let name = reader.string(),
                  let employer = reader.optionalString(), let occupation = reader.optionalString(),
                  let song = reader.string(), let video = reader.string(), let cover = reader.string(),
                  let performers = reader.integer(), let hasDate = reader.bool() else { return nil }
            var submittedAt: CampaignDate?
            if hasDate {
                guard let year = reader.integer(), let month = reader.integer(), let day = reader.integer(),
                      let hour = reader.integer(), let minute = reader.integer(), let second = reader.integer(),
                      let hasTime = reader.bool(), let hasOffset = reader.bool() else { return nil }
                var offset: Int?
                if hasOffset {
                    guard let value = reader.integer() else { return nil }
                    offset = value
                }
                submittedAt = CampaignDate(year: year, month: month, day: day, hasTime: hasTime,
                                           hour: hour, minute: minute, second: second, utcOffset: offset)
            }
            guard let copyrightReserved = reader.bool(), let bio = reader.optionalString(),
                  let location = location(&reader, displayPath: displayPath),
                  let fieldCount = reader.integer(), fieldCount >= 0 else { return nil }
            var fieldLocations: [String: SourceLocation] = [:]
            fieldLocations.reserveCapacity(fieldCount)
            for _ in 0..<fieldCount {
                guard let field = reader.string(), let fieldLocation = Self.location(&reader, displayPath: displayPath) else { return nil }
                fieldLocations[field] = fieldLocation
            }
            contestants.append(Contestant(
                id: id, unit: unit, name: name, employer: employer, occupation: occupation, song: song, video: video,
                cover: cover, performers: performers, submittedAt: submittedAt, copyrightReserved: copyrightReserved,
                bio: bio, location: location, fieldLocations: fieldLocations))
        }
        guard let messageCount = reader.integer(), messageCount >= 0 else { return nil }
        var diagnostics = Diagnostics()
        for _ in 0..<messageCount {
            guard let isError = reader.bool(), let location = location(&reader, displayPath: displayPath),
                  let message = reader.string(), let hint = reader.optionalString() else { return nil }
            diagnostics.append(Diagnostic(isError ? .error : .warning, at: location, message, hint: hint))
        }
        return reader.isAtEnd ? (contestants, diagnostics) : nil
    }
}
