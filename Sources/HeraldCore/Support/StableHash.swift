/// FNV-1a, 64 bit: a hash that is the same on every machine and run (Swift's `Hasher` is seeded per process).
enum StableHash {
    static func value<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    static func hex(_ text: String, length: Int = 16) -> String {
        String(hex(value(text.utf8)).prefix(length))
    }

    /// `value` as 16 hexadecimal digits, zero-padded.
    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
