import Foundation
import Testing
@testable import HeraldCore

/// A cache file whose bytes changed in any way reads as no cache at all.
@Suite struct CacheFileTests {
    @Test func anyChangedByteOrSwappedWordChangesTheChecksum() {
        var writer = BinaryWriter()
        for index in 0..<500 { writer.append("第 \(index) 项：合肥市总工会") }
        let bytes = writer.bytes
        let sum = CacheFile.checksum(bytes[...])
        for position in stride(from: 0, to: bytes.count, by: 7) {
            var changed = bytes
            changed[position] ^= 0x01
            #expect(CacheFile.checksum(changed[...]) != sum, "byte \(position)")
        }
        var swapped = bytes
        swapped.swapAt(0, 8)
        swapped.swapAt(1, 9)
        #expect(CacheFile.checksum(swapped[...]) != sum)
        #expect(CacheFile.checksum(bytes.dropLast()) != sum)
        #expect(CacheFile.checksum((bytes + [0])[...]) != sum)
    }

    @Test func aSealedFileReadsBackAndNothingElseDoes() throws {
        var writer = BinaryWriter()
        writer.append(raw: Array("herald-test 1\n".utf8))
        writer.append("内容")
        writer.append(42)
        let sealed = [UInt8](CacheFile.sealed(writer))
        var reader = try #require(CacheFile.unsealed(sealed, header: "herald-test 1\n"))
        #expect(reader.string() == "内容" && reader.integer() == 42 && reader.isAtEnd)
        #expect(CacheFile.unsealed(sealed, header: "herald-test 2\n") == nil)
        var damaged = sealed
        damaged[damaged.count - 9] ^= 0x40
        #expect(CacheFile.unsealed(damaged, header: "herald-test 1\n") == nil)
    }
}
