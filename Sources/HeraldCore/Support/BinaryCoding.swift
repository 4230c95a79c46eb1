import Foundation

/// The encoding of Herald's own cache files: unsigned LEB128 integers, and strings as their UTF-8 length
/// and bytes. Nothing an editor writes or a reader sees is in this format; it only has to read back
/// what the same `herald` wrote, and to notice (nil) when it cannot.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Any `Int`, negative ones included (zigzag: small magnitudes stay short).
    mutating func append(_ value: Int) {
        append(UInt64(bitPattern: Int64((value << 1) ^ (value >> (Int.bitWidth - 1)))))
    }

    mutating func append(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func append(_ text: String) {
        append(UInt64(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }

    mutating func append(_ text: String?) {
        append(text != nil)
        if let text { append(text) }
    }

    /// Bytes another writer made, as they are.
    mutating func append(raw: some Collection<UInt8>) { bytes.append(contentsOf: raw) }
}

/// Reads what `BinaryWriter` wrote; every read is nil once the bytes run out or do not parse.
struct BinaryReader {
    private let bytes: [UInt8]
    private(set) var offset: Int
    /// Where reading stops: the bytes after it (a checksum) are not part of what was written.
    private let end: Int

    init(_ bytes: [UInt8], offset: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = min(end ?? bytes.count, bytes.count)
    }

    var isAtEnd: Bool { offset >= end }

    mutating func unsigned() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < end, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    mutating func integer() -> Int? {
        guard let raw = unsigned() else { return nil }
        let value = Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
        return Int(exactly: value)
    }

    mutating func bool() -> Bool? {
        guard offset < end, bytes[offset] <= 1 else { return nil }
        offset += 1
        return bytes[offset - 1] == 1
    }

    /// The next `count` bytes, as they are.
    mutating func raw(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= end - offset else { return nil }
        offset += count
        return bytes[(offset - count)..<offset]
    }

    mutating func string() -> String? {
        guard let length = unsigned(), length <= UInt64(end - offset), let slice = raw(Int(length)) else { return nil }
        return String(validating: slice, as: UTF8.self)
    }

    /// An optional string: nil when it cannot be read, `.some(nil)` when none was written.
    mutating func optionalString() -> String?? {
        guard let present = bool() else { return nil }
        guard present else { return .some(nil) }
        guard let text = string() else { return nil }
        return .some(text)
    }
}
