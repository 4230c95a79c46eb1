import Foundation
import Testing
@testable import HeraldCore

/// The real files in Tests/Fixtures/media were made by ffmpeg 5.1 with make-fixtures.sh there;
/// the synthetic ones below are built box by box for layouts and faults ffmpeg will not write.
@Suite final class VideoHeaderReaderTests {
    /// Files written by one test; Swift Testing makes a fresh suite instance per test, so deinit cleans up.
    let folder = Fixtures.scratch("VideoHeaderReaderTests")
    var written = 0

    deinit { try? FileManager.default.removeItem(at: folder) }

    func write(_ bytes: [UInt8]) throws -> String {
        written += 1
        let url = folder.appendingPathComponent("video-\(written).mp4")
        try Data(bytes).write(to: url)
        return url.path
    }

    func read(_ bytes: [UInt8]) throws -> VideoHeader {
        try VideoHeaderReader.read(path: write(bytes))
    }

    static func fixture(_ name: String) -> String {
        Fixtures.root.appendingPathComponent("media/\(name)").path
    }

    static func read(_ name: String) throws -> VideoHeader {
        try VideoHeaderReader.read(path: fixture(name))
    }

    // MARK: Real files made by ffmpeg

    @Test func portraitMP4WithMoovFirst() throws {
        let header = try Self.read("portrait.mp4")
        #expect(header.majorBrand == "isom")
        // ffprobe: format duration=1.000000 (mvhd 1000 units at 1000/s).
        #expect(header.timescale == 1000)
        #expect(header.durationUnits == 1000)
        #expect(abs(header.durationSeconds - 1.0) < 0.001)
        #expect(header.trackWidth == 72 && header.trackHeight == 128)
        #expect(header.rotation == 0)
        #expect(header.displayWidth == 72 && header.displayHeight == 128)
        #expect(header.isPortrait)
    }

    @Test func landscapeMP4() throws {
        let header = try Self.read("landscape.mp4")
        #expect(header.trackWidth == 128 && header.trackHeight == 72)
        #expect(header.rotation == 0)
        #expect(!header.isPortrait)
        #expect(abs(header.durationSeconds - 1.0) < 0.001)  // ffprobe: 1.000000
    }

    @Test func landscapePictureTurned90DegreesIsPortrait() throws {
        // tkhd matrix a=0 b=1 c=-1 d=0, as phones write it; ffprobe: side data rotation=-90
        // (ffprobe counts counter-clockwise), ffmpeg's decoder turns the picture clockwise.
        let header = try Self.read("rotated.mp4")
        #expect(header.trackWidth == 128 && header.trackHeight == 72)
        #expect(header.rotation == 90)
        #expect(header.displayWidth == 72 && header.displayHeight == 128)
        #expect(header.isPortrait)
    }

    @Test func landscapePictureTurned270DegreesIsPortrait() throws {
        // tkhd matrix a=0 b=-1 c=1 d=0; ffprobe: rotation=90 (counter-clockwise).
        let header = try Self.read("rotated-270.mp4")
        #expect(header.rotation == 270)
        #expect(header.displayWidth == 72 && header.displayHeight == 128)
        #expect(header.isPortrait)
    }

    @Test func moovAfterMdatWithAudioTrackFirst() throws {
        // Top level: ftyp, free, mdat, moov; moov holds a `soun` trak before the `vide` one.
        let header = try Self.read("moov-at-end.mp4")
        #expect(header.trackWidth == 72 && header.trackHeight == 128)
        #expect(header.isPortrait)
        #expect(abs(header.durationSeconds - 1.0) < 0.001)  // ffprobe: 1.000000
    }

    @Test func quickTimeMOV() throws {
        let header = try Self.read("portrait.mov")
        #expect(header.majorBrand == "qt  ")
        #expect(header.trackWidth == 72 && header.trackHeight == 128)
        #expect(abs(header.durationSeconds - 1.0) < 0.001)  // ffprobe: 1.000000
    }

    @Test func fileCutInsideMoovIsTruncated() {
        #expect(throws: VideoHeaderError.truncated) { try Self.read("truncated.mp4") }
    }

    @Test func hundredDayVideoHasVersion1Headers() throws {
        // Two frames 50 days apart: longer than 2^32 ms, so ffmpeg writes 64-bit mvhd and tkhd.
        // ffprobe: duration=8640000.000000.
        let header = try Self.read("long.mp4")
        #expect(header.timescale == 1000)
        #expect(header.durationUnits == 8_640_000_000)
        #expect(header.durationUnits > UInt64(UInt32.max))
        #expect(header.durationSeconds == 8_640_000)
        #expect(header.trackWidth == 16 && header.trackHeight == 16)
        #expect(header.rotation == 0)
    }

    // MARK: Real files, altered at test time

    @Test func thirtyMegabyteFileCostsAFewSmallReads() throws {
        // moov-at-end.mp4 with its `free` + `mdat` headers replaced by one 16-byte mdat header with a
        // 64-bit largesize, and 30 MB of (sparse) media data before the moov.
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.fixture("moov-at-end.mp4"))))
        let boxes = MovieBoxes.topLevel(original)
        try #require(boxes.map(\.type) == ["ftyp", "free", "mdat", "moov"])
        try #require(boxes[1].size == 8 && boxes[2].offset == boxes[1].offset + 8)
        let mdat = boxes[2], moov = boxes[3]
        let padding = 30 << 20
        let payload = original[(mdat.offset + 8)..<moov.offset]
        let head = Array(original[..<boxes[1].offset]) + MovieBoxes.be32(1) + Array("mdat".utf8)
            + MovieBoxes.be64(UInt64(16 + payload.count + padding)) + payload

        let path = folder.appendingPathComponent("big.mp4").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(head)))
        let writer = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try writer.seek(toOffset: UInt64(head.count + padding))
        try writer.write(contentsOf: Data(original[moov.offset...]))
        try writer.close()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size > 30_000_000)

        let started = Date()
        let file = try VideoHeaderReader.MovieFile(path: path)
        let header = try VideoHeaderReader.read(file)
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(header == (try Self.read("moov-at-end.mp4")))
        #expect(file.bytesRead < 1024)
        #expect(file.reads < 40)
    }

    @Test func lastBoxWithSizeZeroRunsToEndOfFile() throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.fixture("portrait.mp4"))))
        let mdat = try #require(MovieBoxes.topLevel(bytes).last)
        try #require(mdat.type == "mdat")
        bytes.replaceSubrange(mdat.offset..<mdat.offset + 4, with: [0, 0, 0, 0])
        let header = try VideoHeaderReader.read(path: write(bytes))
        #expect(header == (try Self.read("portrait.mp4")))
    }

    @Test func moovFirstFileCutInsideMdatIsTruncated() throws {
        // The header is intact, but the video data is not: still an interrupted upload.
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.fixture("portrait.mp4"))))
        let path = try write(Array(bytes.dropLast(100)))
        #expect(throws: VideoHeaderError.truncated) { try VideoHeaderReader.read(path: path) }
    }

    @Test func strayBytesAfterTheLastBoxAreTruncated() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.fixture("portrait.mp4"))))
        let path = try write(bytes + [0, 0, 0])
        #expect(throws: VideoHeaderError.truncated) { try VideoHeaderReader.read(path: path) }
    }

    // MARK: Not a movie, or not readable

    @Test func textFileRenamedToMP4IsNotAMovie() throws {
        let path = try write(Array("报名表：张三，13800000000\nhello world\n".utf8))
        #expect(throws: VideoHeaderError.notAMovie) { try VideoHeaderReader.read(path: path) }
    }

    @Test(arguments: [
        [UInt8](),                                                        // empty
        [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0],  // JPEG
        [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42],     // WebM/Matroska
    ])
    func otherFormatsAreNotAMovie(_ bytes: [UInt8]) throws {
        let path = try write(bytes)
        #expect(throws: VideoHeaderError.notAMovie) { try VideoHeaderReader.read(path: path) }
    }

    @Test func missingFileOrFolderIsUnreadable() {
        #expect(throws: VideoHeaderError.unreadable) { try VideoHeaderReader.read(path: "/nonexistent/video.mp4") }
        #expect(throws: VideoHeaderError.unreadable) { try VideoHeaderReader.read(path: Fixtures.root.path) }
    }

    // MARK: MovieBoxes layouts

    @Test func version0And1MovieHeaders() throws {
        let short = try read(MovieBoxes.movie(mvhd: MovieBoxes.mvhd(version: 0, timescale: 600, duration: 90_000)))
        #expect(short.timescale == 600 && short.durationUnits == 90_000 && short.durationSeconds == 150)
        let long = try read(MovieBoxes.movie(mvhd: MovieBoxes.mvhd(version: 1, timescale: 90_000,
                                                                          duration: 0x1_0000_0000)))
        #expect(long.timescale == 90_000 && long.durationUnits == 0x1_0000_0000)
        #expect(abs(long.durationSeconds - 47_721.858_844) < 0.001)
    }

    @Test(arguments: [
        // a, b, c, d in 16.16 fixed point → clockwise rotation
        (Int32(0x10000), Int32(0), Int32(0), Int32(0x10000), 0),
        (0, 0x10000, -0x10000, 0, 90),
        (-0x10000, 0, 0, -0x10000, 180),
        (0, -0x10000, 0x10000, 0, 270),
        (0, 0x20000, -0x20000, 0, 90),   // scaled
        (0, 0, 0, 0, 0),                 // degenerate
    ])
    func rotationFromMatrix(_ a: Int32, _ b: Int32, _ c: Int32, _ d: Int32, _ rotation: Int) throws {
        for version: UInt8 in [0, 1] {
            let tkhd = MovieBoxes.tkhd(version: version, matrix: (a, b, c, d), width: 1920, height: 1080)
            let header = try read(MovieBoxes.movie(traks: [MovieBoxes.trak(tkhd: tkhd, handler: "vide")]))
            #expect(header.rotation == rotation, "version \(version)")
            #expect(header.trackWidth == 1920 && header.trackHeight == 1080, "version \(version)")
            #expect(header.isPortrait == (rotation == 90 || rotation == 270), "version \(version)")
        }
    }

    @Test func fractionalTrackSizeKeepsIntegerPart() throws {
        var tkhd = MovieBoxes.tkhd(version: 0, width: 1080, height: 1920)
        tkhd[tkhd.count - 6] = 0x80  // width 1080.5
        let header = try read(MovieBoxes.movie(traks: [MovieBoxes.trak(tkhd: tkhd, handler: "vide")]))
        #expect(header.trackWidth == 1080 && header.trackHeight == 1920)
    }

    @Test func firstVideoTrackWins() throws {
        let traks = [
            MovieBoxes.trak(tkhd: MovieBoxes.tkhd(version: 0, width: 0, height: 0), handler: "soun"),
            MovieBoxes.trak(tkhd: MovieBoxes.tkhd(version: 0, width: 720, height: 1280), handler: "vide"),
            MovieBoxes.trak(tkhd: MovieBoxes.tkhd(version: 0, width: 1280, height: 720), handler: "vide"),
        ]
        let header = try read(MovieBoxes.movie(traks: traks))
        #expect(header.trackWidth == 720 && header.trackHeight == 1280)
    }

    @Test func oldQuickTimeWithoutFtyp() throws {
        let moovOnly = try read(Array(MovieBoxes.movie().dropFirst(MovieBoxes.ftyp().count)))
        #expect(moovOnly.majorBrand == nil && moovOnly.trackWidth == 1080)
        let wideFirst = try read(MovieBoxes.box("wide", []) + MovieBoxes.movie().dropFirst(MovieBoxes.ftyp().count))
        #expect(wideFirst.majorBrand == nil && wideFirst.isPortrait)
    }

    @Test func audioOnlyHasNoVideoTrack() throws {
        let movie = MovieBoxes.movie(traks: [MovieBoxes.trak(tkhd: MovieBoxes.tkhd(version: 0, width: 0, height: 0),
                                                           handler: "soun")])
        #expect(throws: VideoHeaderError.noVideoTrack) { try read(movie) }
    }

    @Test func missingMoovOrMvhd() throws {
        let noMoov = MovieBoxes.ftyp() + MovieBoxes.box("mdat", [1, 2, 3])
        #expect(throws: VideoHeaderError.noMovieHeader) { try read(noMoov) }
        let noMvhd = MovieBoxes.ftyp() + MovieBoxes.box("moov", MovieBoxes.trak(tkhd: MovieBoxes.tkhd(version: 0), handler: "vide"))
        #expect(throws: VideoHeaderError.noMovieHeader) { try read(noMvhd) }
    }

    @Test func zeroTimescaleOrShortBoxesAreBroken() throws {
        let zero = MovieBoxes.movie(mvhd: MovieBoxes.mvhd(version: 0, timescale: 0, duration: 10))
        #expect(throws: VideoHeaderError.notAMovie) { try read(zero) }
        let shortMvhd = MovieBoxes.movie(mvhd: MovieBoxes.box("mvhd", [0, 0, 0, 0, 1, 2]))
        #expect(throws: VideoHeaderError.notAMovie) { try read(shortMvhd) }
        let shortTkhd = MovieBoxes.movie(traks: [MovieBoxes.trak(tkhd: MovieBoxes.box("tkhd", [1] + Array(repeating: 0, count: 60)),
                                                               handler: "vide")])
        #expect(throws: VideoHeaderError.notAMovie) { try read(shortTkhd) }
    }

    // MARK: Corrupt sizes

    @Test func absurdTopLevelSizeIsTruncated() throws {
        var movie = MovieBoxes.movie()
        let moov = MovieBoxes.ftyp().count
        movie.replaceSubrange(moov..<moov + 4, with: MovieBoxes.be32(0x7FFF_FFF0))
        #expect(throws: VideoHeaderError.truncated) { try read(movie) }

        var ftyp = MovieBoxes.movie()
        ftyp.replaceSubrange(0..<4, with: MovieBoxes.be32(0xFFFF_FFFF))
        #expect(throws: VideoHeaderError.truncated) { try read(ftyp) }
    }

    @Test func absurdLargesizeIsTruncated() throws {
        // size 1 → 64-bit largesize; UInt64.max must not overflow the offset arithmetic.
        let box = MovieBoxes.be32(1) + Array("mdat".utf8) + MovieBoxes.be64(.max) + [0, 0, 0, 0]
        #expect(throws: VideoHeaderError.truncated) { try read(MovieBoxes.ftyp() + box) }
        let tooSmall = MovieBoxes.be32(1) + Array("mdat".utf8) + MovieBoxes.be64(12)
        #expect(throws: VideoHeaderError.notAMovie) { try read(MovieBoxes.ftyp() + tooSmall) }
    }

    @Test func sizeSmallerThanItsHeaderIsNotAMovie() throws {
        let movie = MovieBoxes.ftyp() + MovieBoxes.be32(3) + Array("free".utf8) + MovieBoxes.movie()
        #expect(throws: VideoHeaderError.notAMovie) { try read(movie) }
    }

    @Test func nestedBoxPastTheFileIsTruncated() throws {
        var movie = MovieBoxes.movie()
        let mvhd = MovieBoxes.ftyp().count + 8
        movie.replaceSubrange(mvhd..<mvhd + 4, with: MovieBoxes.be32(0x7FFF_FFFF))
        #expect(throws: VideoHeaderError.truncated) { try read(movie) }
    }

    @Test func nestedBoxPastItsParentButInsideTheFileIsNotAMovie() throws {
        var movie = MovieBoxes.movie() + MovieBoxes.box("mdat", Array(repeating: 0, count: 4096))
        let mvhd = MovieBoxes.ftyp().count + 8
        movie.replaceSubrange(mvhd..<mvhd + 4, with: MovieBoxes.be32(2048))
        #expect(throws: VideoHeaderError.notAMovie) { try read(movie) }
    }

    @Test func tooManyBoxesStopTheWalk() throws {
        let free = MovieBoxes.box("free", [])
        let movie = MovieBoxes.ftyp() + Array([[UInt8]](repeating: free, count: 20_000).joined()) + MovieBoxes.movie()
        #expect(throws: VideoHeaderError.notAMovie) { try read(movie) }
        let some = MovieBoxes.ftyp() + Array([[UInt8]](repeating: free, count: 100).joined())
            + MovieBoxes.movie().dropFirst(MovieBoxes.ftyp().count)
        #expect(try read(some).trackWidth == 1080)
    }

    @Test func descriptionsAreShortChineseAndDistinct() {
        let all: [VideoHeaderError] = [.unreadable, .notAMovie, .truncated, .noMovieHeader, .noVideoTrack]
        let texts = all.map(\.description)
        #expect(Set(texts).count == all.count)
        for text in texts {
            #expect(text.count < 40 && text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
        }
        #expect(VideoHeaderError.truncated.description == "文件不完整（可能上传中断）")
    }

    @Test func aDurationOfAllOnesMeansUnknown() throws {
        // ISO/IEC 14496-12: an mvhd duration with every bit set is "unknown", like a fragmented file's 0.
        var bytes = [UInt8](try Data(contentsOf: Fixtures.root.appendingPathComponent("media/portrait.mp4")))
        let mvhd = try #require((0..<(bytes.count - 4)).first { bytes[$0..<($0 + 4)].elementsEqual("mvhd".utf8) })
        #expect(bytes[mvhd + 4] == 0, "version 0: duration at 16 bytes after the box type and version")
        for offset in 0..<4 { bytes[mvhd + 4 + 16 + offset] = 0xFF }
        let url = Fixtures.scratch().appendingPathComponent("unknown.mp4")
        try Data(bytes).write(to: url)
        let header = try VideoHeaderReader.read(path: url.path)
        #expect(header.durationUnits == 0 && header.durationSeconds == 0)
    }
}

/// ISO boxes written as bytes. Fields the reader must skip are filled with 0xAB, so a wrong offset shows.
enum MovieBoxes {
    static func be32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
    static func be64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) } }
    static func filler(_ count: Int) -> [UInt8] { Array(repeating: 0xAB, count: count) }

    static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        be32(UInt32(8 + payload.count)) + Array(type.utf8) + payload
    }

    static func ftyp(_ brand: String = "isom") -> [UInt8] {
        box("ftyp", Array(brand.utf8) + be32(512) + Array("isomiso2mp41".utf8))
    }

    static func mvhd(version: UInt8, timescale: UInt32, duration: UInt64) -> [UInt8] {
        let times = version == 1 ? filler(16) : filler(8)
        let length = version == 1 ? be64(duration) : be32(UInt32(duration))
        return box("mvhd", [version, 0, 0, 0] + times + be32(timescale) + length + filler(80))
    }

    static func tkhd(version: UInt8, matrix: (Int32, Int32, Int32, Int32) = (0x10000, 0, 0, 0x10000),
                     width: UInt32 = 1080, height: UInt32 = 1920) -> [UInt8] {
        let head = version == 1 ? filler(16) + filler(8) + filler(8) : filler(8) + filler(8) + filler(4)
        let (a, b, c, d) = matrix
        let cells = [a, b, 0, c, d, 0, 0, 0, 0x4000_0000].flatMap { be32(UInt32(bitPattern: $0)) }
        return box("tkhd", [version, 0, 0, 3] + head + filler(16) + cells + be32(width << 16) + be32(height << 16))
    }

    static func hdlr(_ handler: String) -> [UInt8] {
        box("hdlr", [0, 0, 0, 0] + filler(4) + Array(handler.utf8) + filler(12) + Array("Handler\0".utf8))
    }

    static func trak(tkhd: [UInt8], handler: String) -> [UInt8] {
        box("trak", tkhd + box("mdia", box("mdhd", filler(24)) + hdlr(handler) + box("minf", filler(16))))
    }

    static func movie(mvhd: [UInt8] = mvhd(version: 0, timescale: 1000, duration: 30_000),
                      traks: [[UInt8]] = [trak(tkhd: tkhd(version: 0), handler: "vide")]) -> [UInt8] {
        ftyp() + box("moov", mvhd + traks.flatMap { $0 })
    }

    /// The top-level boxes of a well-formed fixture (32-bit sizes only), to find where to alter it.
    static func topLevel(_ bytes: [UInt8]) -> [(type: String, offset: Int, size: Int)] {
        var boxes: [(type: String, offset: Int, size: Int)] = []
        var offset = 0
        while offset + 8 <= bytes.count {
            let size = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            guard size >= 8 else { break }
            boxes.append((String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self), offset, size))
            offset += size
        }
        return boxes
    }
}
