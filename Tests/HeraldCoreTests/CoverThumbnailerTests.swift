import Foundation
import Testing
@testable import HeraldCore

/// Cover thumbnails: exact sizes, upright, no metadata, content-hash names, cache, errors.
/// Fixtures: Tests/Fixtures/images (see make-fixtures.sh there).
@Suite struct CoverThumbnailerTests {
    static func image(_ name: String) -> String { Fixtures.root.appendingPathComponent("images/" + name).path }

    static let rotated = image("rotated-exif6.jpg")      // stored 64x48, EXIF Orientation 6, GPS, serial
    static let portrait = image("portrait.jpg")          // 60x100, top green, bottom yellow
    static let transparent = image("square-alpha.png")   // 40x40, left half transparent, right half red
    static let truncated = image("truncated.jpg")
    static let displayP3 = image("display-p3.jpg")      // 36x64 sRGB green stored as Display P3 + profile

    func bytes(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    func contains(_ data: Data, _ text: String) -> Bool { data.range(of: Data(text.utf8)) != nil }

    /// Mean colour of a rectangle given in fractions of the picture.
    func colour(_ url: URL, _ thumbnail: CoverThumbnail, x: Double, y: Double, w: Double, h: Double) throws -> [Double] {
        let width = Double(thumbnail.width), height = Double(thumbnail.height)
        return try CoverThumbnailer.averageColor(path: url.path, x: Int(x * width), y: Int(y * height),
                                                 width: Int(w * width), height: Int(h * height))
    }

    func isClose(_ rgb: [Double], _ expected: [Double], tolerance: Double = 30) -> Bool {
        zip(rgb, expected).allSatisfy { abs($0 - $1) <= tolerance }
    }

    static let red: [Double] = [220, 30, 30], blue: [Double] = [30, 30, 220]
    static let green: [Double] = [30, 180, 30], yellow: [Double] = [230, 210, 20], white: [Double] = [255, 255, 255]

    @Test func heightsAreNineBySixteenToTheNearestPixel() {
        #expect(CoverThumbnailer.height(forWidth: 240) == 427)
        #expect(CoverThumbnailer.height(forWidth: 480) == 853)
        #expect(CoverThumbnailer.height(forWidth: 270) == 480)
        #expect(CoverThumbnailer.height(forWidth: 9) == 16)
    }

    @Test(arguments: [rotated, portrait, transparent, displayP3])
    func everyThumbnailHasExactlyThePromisedSizeAndFormat(source: String) throws {
        let out = Fixtures.scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        let thumbnailer = CoverThumbnailer(cacheDirectory: nil)
        let thumbnails = try thumbnailer.thumbnails(for: source, into: out)

        #expect(thumbnails.map(\.width) == [240, 240, 480, 480])
        #expect(thumbnails.map(\.height) == [427, 427, 853, 853])
        #expect(thumbnails.map(\.format) == [.webp, .jpeg, .webp, .jpeg])
        #expect(thumbnailer.encoded == 4 && thumbnailer.reused == 0)
        #expect(Fixtures.files(in: out) == thumbnails.map(\.fileName).sorted(), "nothing else, no temporary files")
        for thumbnail in thumbnails {
            #expect(thumbnail.fileName.wholeMatch(of: /[0-9a-f]{16}-(240|480)\.(webp|jpg)/) != nil, "\(thumbnail.fileName)")
            let url = out.appendingPathComponent(thumbnail.fileName)
            let header = try ImageHeader.read(path: url.path)
            #expect(header.storedWidth == thumbnail.width && header.storedHeight == thumbnail.height)
            #expect(header.orientation == 1)
            let data = try bytes(url)
            switch thumbnail.format {
            case .webp: #expect(data.prefix(4) == Data("RIFF".utf8) && data.dropFirst(8).prefix(4) == Data("WEBP".utf8))
            case .jpeg: #expect(data.prefix(3) == Data([0xFF, 0xD8, 0xFF]))
            }
            #expect(data.count < 60_000, "\(thumbnail.fileName) is \(data.count) bytes")
        }
        // The WebP and the JPEG of one cover share their hash.
        #expect(Set(thumbnails.map { $0.fileName.prefix(16) }).count == 1)
    }

    @Test func otherWidthsAreHonoured() throws {
        let out = Fixtures.scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        let thumbnails = try CoverThumbnailer(cacheDirectory: nil)
            .thumbnails(for: Self.portrait, widths: [90, 33, 90], into: out)
        #expect(thumbnails.map { "\($0.width)x\($0.height)" } == ["90x160", "90x160", "33x59", "33x59"])
        for thumbnail in thumbnails {
            let header = try ImageHeader.read(path: out.appendingPathComponent(thumbnail.fileName).path)
            #expect("\(header.storedWidth)x\(header.storedHeight)" == "\(thumbnail.width)x\(thumbnail.height)")
        }
    }

    @Test func aSidewaysPhotoComesOutUpright() throws {
        // Seen upright (after EXIF orientation 6), the source's left half is blue and its right half red;
        // ignoring the orientation would give a red top and a blue bottom instead.
        let out = Fixtures.scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        for thumbnail in try CoverThumbnailer(cacheDirectory: nil).thumbnails(for: Self.rotated, into: out) {
            let url = out.appendingPathComponent(thumbnail.fileName)
            let left = try colour(url, thumbnail, x: 0.05, y: 0.1, w: 0.3, h: 0.8)
            let right = try colour(url, thumbnail, x: 0.65, y: 0.1, w: 0.3, h: 0.8)
            #expect(isClose(left, Self.blue), "\(thumbnail.fileName) left \(left)")
            #expect(isClose(right, Self.red), "\(thumbnail.fileName) right \(right)")
        }
    }

    @Test func anUprightPhotoStaysUprightAndTransparencySitsOnWhite() throws {
        let out = Fixtures.scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        let thumbnailer = CoverThumbnailer(cacheDirectory: nil)
        for thumbnail in try thumbnailer.thumbnails(for: Self.portrait, widths: [240], into: out) {
            let url = out.appendingPathComponent(thumbnail.fileName)
            #expect(isClose(try colour(url, thumbnail, x: 0.1, y: 0.05, w: 0.8, h: 0.3), Self.green))
            #expect(isClose(try colour(url, thumbnail, x: 0.1, y: 0.65, w: 0.8, h: 0.3), Self.yellow))
        }
        for thumbnail in try thumbnailer.thumbnails(for: Self.transparent, widths: [240], into: out) {
            let url = out.appendingPathComponent(thumbnail.fileName)
            #expect(isClose(try colour(url, thumbnail, x: 0.05, y: 0.1, w: 0.3, h: 0.8), Self.white, tolerance: 8))
            #expect(isClose(try colour(url, thumbnail, x: 0.65, y: 0.1, w: 0.3, h: 0.8), Self.red))
        }
    }

    @Test func aDisplayP3PhotoIsConvertedToSRGBBeforeItsProfileIsStripped() throws {
        let stored = try CoverThumbnailer.averageColor(path: Self.displayP3, x: 0, y: 0, width: 36, height: 64)
        #expect(!isClose(stored, Self.green, tolerance: 20), "the fixture's numbers are P3, not sRGB: \(stored)")
        let out = Fixtures.scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        for thumbnail in try CoverThumbnailer(cacheDirectory: nil).thumbnails(for: Self.displayP3, widths: [90], into: out) {
            let url = out.appendingPathComponent(thumbnail.fileName)
            let rgb = try colour(url, thumbnail, x: 0.1, y: 0.1, w: 0.8, h: 0.8)
            #expect(isClose(rgb, Self.green, tolerance: 6), "\(thumbnail.fileName): \(rgb)")
            let data = try bytes(url)
            #expect(!contains(data, "ICC_PROFILE") && !contains(data, "ICCP"))
        }
    }

    @Test func noExifGpsOrCameraSerialSurvives() throws {
        let source = try Data(contentsOf: URL(fileURLWithPath: Self.rotated))
        for marker in ["Exif", "HRLDSN4711", "HeraldPhone", "HP-9 Pro"] {
            #expect(contains(source, marker), "the fixture should carry \(marker)")
        }
        #expect(try ImageHeader.read(path: Self.rotated).orientation == 6)

        let out = Fixtures.scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        for thumbnail in try CoverThumbnailer(cacheDirectory: nil).thumbnails(for: Self.rotated, into: out) {
            let url = out.appendingPathComponent(thumbnail.fileName)
            let data = try bytes(url)
            for marker in ["Exif", "EXIF", "GPS", "HRLDSN4711", "HeraldPhone", "HP-9", "XMP", "xmp", "ICC_PROFILE", "ICCP"] {
                #expect(!contains(data, marker), "\(thumbnail.fileName) contains \(marker)")
            }
            #expect(try ImageHeader.read(path: url.path).orientation == 1)
        }
    }

    @Test func theSameSourceGivesTheSameNamesAndBytes() throws {
        let first = Fixtures.scratch(), second = Fixtures.scratch()
        defer { for url in [first, second] { try? FileManager.default.removeItem(at: url) } }
        let a = try CoverThumbnailer(cacheDirectory: nil).thumbnails(for: Self.rotated, into: first)
        let b = try CoverThumbnailer(cacheDirectory: nil).thumbnails(for: Self.rotated, into: second)
        #expect(a == b)
        for thumbnail in a {
            #expect(try bytes(first.appendingPathComponent(thumbnail.fileName))
                        == bytes(second.appendingPathComponent(thumbnail.fileName)), "\(thumbnail.fileName)")
        }
        // The name hashes the bytes, not the path: a copy elsewhere is the same cover.
        let copy = first.appendingPathComponent("elsewhere/copy.jpg")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.rotated, toPath: copy.path)
        #expect(try CoverThumbnailer(cacheDirectory: nil).thumbnails(for: copy.path, into: second) == a)
    }

    @Test func theCacheIsReusedWithoutEncodingAgain() throws {
        let scratch = Fixtures.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let cache = scratch.appendingPathComponent("cache")
        let build1 = scratch.appendingPathComponent("build1/media/thumbs")
        let build2 = scratch.appendingPathComponent("build2/media/thumbs")

        let thumbnailer = CoverThumbnailer(cacheDirectory: cache)
        let first = try thumbnailer.thumbnails(for: Self.rotated, into: build1)
        #expect(thumbnailer.encoded == 4 && thumbnailer.reused == 0)
        #expect(Fixtures.files(in: cache) == first.map(\.fileName).sorted(), "the cache holds finished files only")

        let second = try thumbnailer.thumbnails(for: Self.rotated, into: build2)
        #expect(second == first)
        #expect(thumbnailer.encoded == 4 && thumbnailer.reused == 4)
        for thumbnail in first {
            #expect(try bytes(build1.appendingPathComponent(thumbnail.fileName))
                        == bytes(build2.appendingPathComponent(thumbnail.fileName)))
        }

        // A later build (a new thumbnailer) finds the cache too, and writing into a folder that already
        // holds the same files leaves nothing else behind.
        let later = CoverThumbnailer(cacheDirectory: cache)
        #expect(try later.thumbnails(for: Self.rotated, into: build2) == first)
        #expect(later.encoded == 0 && later.reused == 4)
        #expect(Fixtures.files(in: build2) == first.map(\.fileName).sorted())

        // Without the cache's file, it is encoded again.
        try FileManager.default.removeItem(at: cache.appendingPathComponent(first[0].fileName))
        let again = CoverThumbnailer(cacheDirectory: cache)
        #expect(try again.thumbnails(for: Self.rotated, into: build2) == first)
        #expect(again.encoded == 1 && again.reused == 3)

        // An empty cache entry (a power cut right after a rename) is encoded again, not copied.
        try Data().write(to: cache.appendingPathComponent(first[1].fileName))
        let afterCrash = CoverThumbnailer(cacheDirectory: cache)
        #expect(try afterCrash.thumbnails(for: Self.rotated, into: build2) == first)
        #expect(afterCrash.encoded == 1 && afterCrash.reused == 3)
        #expect(try bytes(build2.appendingPathComponent(first[1].fileName)) == bytes(build1.appendingPathComponent(first[1].fileName)))
    }

    @Test func aChangedSourceGetsNewNames() throws {
        let scratch = Fixtures.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let cover = scratch.appendingPathComponent("cover.jpg")
        try FileManager.default.copyItem(atPath: Self.portrait, toPath: cover.path)
        let thumbnailer = CoverThumbnailer(cacheDirectory: scratch.appendingPathComponent("cache"))
        let before = try thumbnailer.thumbnails(for: cover.path, into: scratch.appendingPathComponent("out"))

        // The editor replaces the cover: here one byte more after the JPEG's end, still a valid picture.
        var data = try Data(contentsOf: cover)
        data.append(0)
        try data.write(to: cover)
        let after = try thumbnailer.thumbnails(for: cover.path, into: scratch.appendingPathComponent("out"))
        #expect(Set(before.map(\.fileName)).isDisjoint(with: after.map(\.fileName)))
        #expect(thumbnailer.encoded == 8 && thumbnailer.reused == 0, "a changed source never hits the old cache")
    }

    @Test func theNameHashIsStableHashOverTheSourceBytes() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.rotated))
        #expect(CoverThumbnailer.fnv1a(data) == StableHash.value(data))
        #expect(CoverThumbnailer.fnv1a(Data("a".utf8)) == 0xaf63_dc4c_8601_ec8c)  // FNV-1a 64 test vector
        // The stem hashes the source's hash together with the settings.
        #expect(CoverThumbnailer.fileStem(sourceHash: 0) != CoverThumbnailer.fileStem(sourceHash: 1))
    }

    @Test func brokenCoversThrowAPlainSentenceAndWriteNothing() throws {
        let scratch = Fixtures.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let garbage = scratch.appendingPathComponent("not-a-photo.jpg")
        try Data("这不是图片".utf8).write(to: garbage)
        let empty = scratch.appendingPathComponent("empty.jpg")
        try Data().write(to: empty)
        let out = scratch.appendingPathComponent("out")
        let cache = scratch.appendingPathComponent("cache")
        let thumbnailer = CoverThumbnailer(cacheDirectory: cache)

        for source in [Self.truncated, garbage.path, empty.path] {
            do {
                _ = try thumbnailer.thumbnails(for: source, into: out)
                Issue.record("\(source) should not make thumbnails")
            } catch {
                #expect(error.reason == .undecodable)
                #expect(error.description == "封面图片无法解码，或文件已损坏")
                #expect(!error.detail.isEmpty)
                #expect(error.sourcePath == source)
            }
        }
        do {
            _ = try thumbnailer.thumbnails(for: scratch.appendingPathComponent("missing.jpg").path, into: out)
            Issue.record("a missing file should not make thumbnails")
        } catch {
            #expect(error.reason == .unreadable)
            #expect(error.description == "封面图片文件不存在或无法读取")
        }
        #expect(Fixtures.files(in: out).isEmpty && Fixtures.files(in: cache).isEmpty)
        #expect(thumbnailer.encoded == 0)
    }

    /// A thumbnail that cannot be written is the disk's or a folder's fault, not the covers': one error at
    /// the output folder with the system's reason, not one per singer advising another picture.
    @Test func thumbnailsThatCannotBeWrittenAreOneErrorAtTheOutput() throws {
        let blocked = Fixtures.scratch().appendingPathComponent("cache-is-a-file")
        try "not a folder".write(to: blocked, atomically: true, encoding: .utf8)
        let output = Fixtures.scratch().appendingPathComponent("output")
        let report = BuildPipeline(options: BuildOptions(contentDirectory: Fixtures.contestContent, layoutsDirectory: nil,
                                                         outputDirectory: output.path,
                                                         now: Fixtures.instant("2024-08-10T12:00:00+08:00"),
                                                         cacheDirectory: blocked.path)).build()
        #expect(!report.succeeded)
        let errors = report.diagnostics.sorted.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors.map(\.summaryLine))")
        let error = try #require(errors.first)
        #expect(error.message.hasPrefix("封面缩略图无法写入："))
        #expect(error.location == SourceLocation(file: output.path))
        #expect(error.hint?.contains("写入权限") == true)
        #expect(!FileManager.default.fileExists(atPath: output.path), "a failed build writes no output")
    }

    @Test func concurrentCallsShareTheCacheSafely() async throws {
        let scratch = Fixtures.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let thumbnailer = CoverThumbnailer(cacheDirectory: scratch.appendingPathComponent("cache"))
        let out = scratch.appendingPathComponent("out")
        let sources = [Self.rotated, Self.portrait, Self.transparent]
        let results = try await withThrowingTaskGroup(of: [CoverThumbnail].self) { group in
            for index in 0..<12 {
                group.addTask { try thumbnailer.thumbnails(for: sources[index % 3], into: out) }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(results.count == 48)
        #expect(thumbnailer.encoded + thumbnailer.reused == 48)
        #expect(thumbnailer.encoded >= 12)
        let names = Set(results.map(\.fileName))
        #expect(names.count == 12)
        #expect(Fixtures.files(in: out) == names.sorted(), "no temporary files left")
        for thumbnail in results {
            let header = try ImageHeader.read(path: out.appendingPathComponent(thumbnail.fileName).path)
            #expect(header.storedWidth == thumbnail.width && header.storedHeight == thumbnail.height)
        }
    }
}
