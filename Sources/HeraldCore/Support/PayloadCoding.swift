import Foundation

// What the parsed-file caches store of values Herald reads from content: locations (those in the file
// itself, nearly all, without its path), dates and messages.

extension BinaryWriter {
    mutating func append(_ location: SourceLocation, in displayPath: String) {
        append(location.file == displayPath ? nil : location.file)
        append(location.line)
        append(location.column)
    }

    mutating func append(_ date: CampaignDate?) {
        append(date != nil)
        guard let date else { return }
        for part in [date.year, date.month, date.day, date.hour, date.minute, date.second] { append(part) }
        append(date.hasTime)
        append(date.utcOffset != nil)
        if let offset = date.utcOffset { append(offset) }
    }

    mutating func append(_ diagnostics: Diagnostics, in displayPath: String) {
        append(diagnostics.items.count)
        for diagnostic in diagnostics.items {
            append(diagnostic.severity == .error)
            append(diagnostic.location, in: displayPath)
            append(diagnostic.message)
            append(diagnostic.hint)
        }
    }

    mutating func append(_ identity: FileSystem.Identity) {
        append(identity.size)
        append(Int(identity.modified))
        append(identity.inode)
    }

    mutating func append(_ stamp: FileSystem.Stamp) {
        append(stamp.identity)
        append(Int(stamp.statusChanged))
    }

    mutating func append(_ fingerprint: Fingerprint) {
        append(fingerprint.high)
        append(fingerprint.low)
    }

    /// Whether there is a value, then the value as `write` writes it.
    mutating func append<Value>(_ value: Value?, _ write: (inout BinaryWriter, Value) -> Void) {
        append(value != nil)
        if let value { write(&self, value) }
    }

    mutating func append(_ texts: [String]) {
        append(texts.count)
        for text in texts { append(text) }
    }
}

extension BinaryReader {
    mutating func location(in displayPath: String) -> SourceLocation? {
        guard let file = optionalString(), let line = integer(), let column = integer() else { return nil }
        return SourceLocation(file: file ?? displayPath, line: line, column: column)
    }

    /// An optional date: nil when it cannot be read, `.some(nil)` when none was written.
    mutating func date() -> CampaignDate?? {
        guard let present = bool() else { return nil }
        guard present else { return .some(nil) }
        guard let year = integer(), let month = integer(), let day = integer(), let hour = integer(),
              let minute = integer(), let second = integer(), let hasTime = bool(), let hasOffset = bool() else { return nil }
        var offset: Int?
        if hasOffset {
            guard let value = integer() else { return nil }
            offset = value
        }
        return .some(CampaignDate(year: year, month: month, day: day, hasTime: hasTime,
                                  hour: hour, minute: minute, second: second, utcOffset: offset))
    }

    mutating func diagnostics(in displayPath: String) -> Diagnostics? {
        guard let count = integer(), count >= 0 else { return nil }
        var diagnostics = Diagnostics()
        for _ in 0..<count {
            guard let isError = bool(), let location = location(in: displayPath),
                  let message = string(), let hint = optionalString() else { return nil }
            diagnostics.append(Diagnostic(isError ? .error : .warning, at: location, message, hint: hint))
        }
        return diagnostics
    }

    mutating func identity() -> FileSystem.Identity? {
        guard let size = integer(), let modified = integer(), let inode = unsigned() else { return nil }
        return FileSystem.Identity(size: size, modified: Int64(modified), inode: inode)
    }

    mutating func stamp() -> FileSystem.Stamp? {
        guard let identity = identity(), let changed = integer() else { return nil }
        return FileSystem.Stamp(identity: identity, statusChanged: Int64(changed))
    }

    mutating func fingerprint() -> Fingerprint? {
        guard let high = unsigned(), let low = unsigned() else { return nil }
        return Fingerprint(high: high, low: low)
    }

    /// What `append(_:_:)` wrote: nil when it cannot be read, `.some(nil)` when there was no value.
    mutating func optional<Value>(_ read: (inout BinaryReader) -> Value?) -> Value?? {
        guard let present = bool() else { return nil }
        guard present else { return .some(nil) }
        return read(&self).map { .some($0) }
    }

    mutating func strings() -> [String]? {
        guard let count = integer(), count >= 0 else { return nil }
        var texts: [String] = []
        for _ in 0..<count {
            guard let text = string() else { return nil }
            texts.append(text)
        }
        return texts
    }
}
