/// A 128-bit digest of what a page is made from — its layout, the theme, and its typed views (through
/// `FingerprintEncoder`) — so a rebuild can tell that a page would come out byte for byte as last time
/// without rendering it. Two FNV-1a lanes with different starting points.
public struct Fingerprint: Hashable, Sendable, CustomStringConvertible {
    public private(set) var high: UInt64 = 0xcbf2_9ce4_8422_2325
    public private(set) var low: UInt64 = 0x6c62_272e_07bb_0142

    init() {}

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public var description: String { StableHash.hex(high) + StableHash.hex(low) }

    mutating func add(byte: UInt8) {
        high = (high ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        low = (low ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 ^ (low >> 29)
    }

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            for byte in bytes { add(byte: byte) }
        }
        add(byte: 0xFF)   // never in UTF-8: ends the string, so "ab"+"c" differs from "a"+"bc"
    }

    mutating func add(_ number: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { add(byte: UInt8(truncatingIfNeeded: number >> UInt64(shift))) }
    }
}
