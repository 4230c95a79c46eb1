import Foundation
import Testing
@testable import HeraldCore

/// The rematch gallery and singer pages, read back as a phone's browser would get them.
@Suite struct GalleryTests {
    private func build(_ content: String = Fixtures.contestContent, now: String = "2024-08-10T12:00:00+08:00",
                       cache: URL? = nil, output: URL = Fixtures.scratch()) -> (URL, BuildReport) {
        let report = BuildPipeline(options: BuildOptions(contentDirectory: content, layoutsDirectory: nil,
                                                         outputDirectory: output.path, now: Fixtures.instant(now),
                                                         cacheDirectory: cache?.path)).build()
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))")
        return (output, report)
    }

    private func document(_ site: URL, _ file: String) throws -> HTMLDocument {
        try #require(HTMLDocument(html: Fixtures.text(site, file)))
    }

    @Test func groupsFollowTheNoticeAndUnitsFollowUnitsYml() throws {
        let (site, _) = build()
        let elements = try document(site, "contest/gallery/index.html").elements
        let headings = elements.filter { $0.name == "h2" || $0.name == "h3" }.compactMap { $0.attribute("id") }
        // 地市 holds the city and the county union (hefei, guangde), then 产业, then 独立会员单位.
        #expect(headings == ["dishi-title", "unit-hefei-title", "unit-guangde-title", "chanye-title", "unit-power-title",
                             "huiyuan-title", "unit-chery-title"])
        let cards = elements.filter { $0.name == "a" }.compactMap { $0.attribute("href") }.filter { $0.hasPrefix("../singers/") }
        #expect(cards == ["../singers/hf-001/", "../singers/hf-002/", "../singers/gd-001/", "../singers/pw-001/",
                          "../singers/cr-001/"], "within a unit, the order the unit submitted")
        let jumps = elements.filter { $0.name == "a" }.compactMap { $0.attribute("href") }
            .filter { $0.hasPrefix("#") && $0 != "#main" }
        #expect(Array(jumps.prefix(3)) == ["#dishi", "#chanye", "#huiyuan"])
    }

    @Test func voteLinkOnlyWhileVotingIsOpen() throws {
        let (during, _) = build(now: "2024-08-16T23:59:59+08:00")
        let singer = Fixtures.text(during, "contest/singers/hf-001/index.html")
        #expect(singer.contains("href=\"https://vote.example.org/singer/hf-001\""))
        #expect(Fixtures.text(during, "contest/gallery/index.html").contains("网络投票进行中"))
        for now in ["2024-08-06T23:59:59+08:00", "2024-08-17T00:00:00+08:00"] {
            let (site, _) = build(now: now)
            for file in Fixtures.files(in: site) where file.hasSuffix(".html") {
                #expect(!Fixtures.text(site, file).contains("vote.example.org"), "\(file) at \(now)")
            }
        }
    }

    @Test func singerPageHasVideoCoverFactsAndNeighbours() throws {
        let (site, _) = build()
        let html = Fixtures.text(site, "contest/singers/hf-002/index.html")
        let elements = try document(site, "contest/singers/hf-002/index.html").elements
        let video = try #require(elements.first { $0.name == "video" })
        #expect(video.attribute("preload") == "none" && video.attribute("playsinline") != nil && video.attribute("controls") != nil)
        #expect(video.attribute("poster")?.hasPrefix("../../../media/thumbs/") == true)
        let source = try #require(elements.first { $0.name == "source" && $0.attribute("src")?.hasSuffix(".mov") == true })
        #expect(source.attribute("type") == nil, "left for the browser to sniff")
        #expect(source.attribute("src") == "../../../media/singers/portrait.mov")
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("media/singers/portrait.mov").path))
        #expect(html.contains("《我爱你中国》，演唱：李红（合肥市总工会）"), "a text alternative for the video")
        #expect(html.contains("<dd>合肥市第一人民医院</dd>") && html.contains("<dd>护士</dd>"))
        #expect(elements.contains { $0.name == "a" && $0.attribute("rel") == "prev" && $0.attribute("href") == "../hf-001/" })
        #expect(!elements.contains { $0.name == "a" && $0.attribute("rel") == "next" }, "last of its unit")
    }

    @Test func openGraphTagsAreAbsolute() throws {
        let (site, _) = build()
        let meta = try document(site, "contest/singers/hf-001/index.html").elements.filter { $0.name == "meta" }
        func property(_ name: String) -> String? {
            meta.first { $0.attribute("property") == name || $0.attribute("name") == name }?.attribute("content")
        }
        #expect(property("og:url") == "https://example.org/singers/contest/singers/hf-001/")
        let image = try #require(property("og:image"))
        #expect(image.hasPrefix("https://example.org/singers/media/thumbs/") && image.hasSuffix("-480.jpg"))
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(String(image.dropFirst("https://example.org/singers/".count))).path))
        #expect(property("twitter:card") == "summary_large_image")
        #expect(property("og:title") == "王小明《我和我的祖国》")
    }

    @Test func thumbnailsHaveTheirStatedSizeAndOriginalsStayPrivate() throws {
        let (site, _) = build()
        let elements = try document(site, "contest/gallery/index.html").elements.filter { $0.name == "img" }
        #expect(elements.count == 5)
        for image in elements {
            let src = try #require(image.attribute("src"))
            let header = try ImageHeader.read(path: site.appendingPathComponent("contest/gallery/" + src).standardized.path)
            #expect("\(header.storedWidth)" == image.attribute("width") && "\(header.storedHeight)" == image.attribute("height"))
            #expect(header.orientation == 1)
        }
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("media/singers/cover.jpg").path),
                "the original cover photo (with its EXIF) is never published")
        #expect(elements.filter { $0.attribute("loading") == "lazy" }.count == 1, "the first four cards load eagerly")
    }

    @Test func secondBuildReusesEveryThumbnail() throws {
        let cache = Fixtures.scratch()
        let output = Fixtures.scratch()
        let (_, first) = build(cache: cache, output: output)
        #expect(first.imagesEncoded == 4 && first.imagesReused == 0, "one shared cover: 2 widths × WebP + JPEG")
        let (_, second) = build(cache: cache, output: output)
        #expect(second.imagesEncoded == 0 && second.imagesReused == 4)
    }

    @Test func resultBadgesAppearOnlyOncePublished() throws {
        let (before, _) = build(now: "2024-08-20T09:59:59+08:00")
        #expect(!Fixtures.text(before, "contest/gallery/index.html").contains("晋级决赛"))
        let (after, _) = build(now: "2024-08-20T10:00:00+08:00")
        #expect(Fixtures.text(after, "contest/gallery/index.html").contains("<span class=\"badge award\">晋级决赛</span>"))
        #expect(Fixtures.text(after, "contest/singers/hf-001/index.html").contains("复赛第 2 名，总分 88.39"))
    }

    @Test func aCardShowsEveryAwardItsSingerWon() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.write("contest/results/final.yml", """
            published_at: 2024-09-16T10:00:00+08:00
            entries:
              - {id: pw-001, judges: [99, 99, 99, 99, 99], quiz: 99, talent: 99}
              - {id: hf-001, judges: [90, 90, 90, 90, 90], quiz: 90, talent: 90}
              - {id: hf-002, judges: [80, 80, 80, 80, 80], quiz: 80, talent: 80}
            organization_awards: [hefei]

            """)
        let (output, _) = build(site.path, now: "2024-09-20T12:00:00+08:00")
        let cards = Fixtures.text(output, "contest/gallery/index.html").components(separatedBy: "<li")
        let card = { (name: String) in cards.first { $0.contains(">\(name)</span>") } ?? "" }
        // 钱二 won the final and had the most votes: both awards, and no 晋级决赛 beside them.
        #expect(card("钱二").contains("十大职工歌手") && card("钱二").contains("最佳人气职工歌手"))
        #expect(!card("钱二").contains("晋级决赛"))
        #expect(card("李红").contains("优秀歌手") && !card("李红").contains("十大职工歌手"))
        #expect(!card("赵一").contains("badge"), "not a finalist")
    }

    @Test func quickTimeVideosAreLeftForTheBrowserToSniff() throws {
        let (output, _) = build()
        // 李红 (hf-002) sent a .mov: Chrome will not try a source typed video/quicktime.
        let mov = Fixtures.text(output, "contest/singers/hf-002/index.html")
        #expect(mov.contains("portrait.mov\">") && !mov.contains("quicktime"))
        #expect(Fixtures.text(output, "contest/singers/hf-001/index.html").contains("type=\"video/mp4\""))
    }

    @Test func reservedVideoIsWithdrawnAfterTheContestEnds() throws {
        // cr-001 filed a written copyright declaration (copyright_reserved: true).
        let (during, _) = build(now: "2024-09-15T23:59:59+08:00")
        #expect(Fixtures.text(during, "contest/singers/cr-001/index.html").contains("<video"))
        let (after, _) = build(now: "2024-09-16T00:00:00+08:00")
        let page = Fixtures.text(after, "contest/singers/cr-001/index.html")
        #expect(!page.contains("<video") && page.contains("演唱视频不再公开"))
        #expect(Fixtures.text(after, "contest/singers/hf-001/index.html").contains("<video"), "others keep theirs")
    }

    /// README's weight budget: for 300 singers, the gallery's HTML + CSS + JS stays under 100 KB gzipped,
    /// and what a phone loads before scrolling (those plus the eager covers) under 500 KB.
    @Test func galleryOfThreeHundredStaysLight() throws {
        let copy = try SiteCopy(of: Fixtures.contestContent)
        try copy.replace(in: "contest/contest.yml", "capacity: 6", with: "capacity: 300")
        try copy.replace(in: "contest/contest.yml", "member: 1}", with: "member: 300}")
        var yaml = "unit: chery\ncontestants:\n"
        for index in 1...296 {   // with the fixture's other four: 300
            yaml += """
              - {id: m-\(index), name: 职工歌手\(index)号, employer: 某某汽车零部件有限公司第\(index)车间, occupation: 装配工, song: 我和我的祖国, video: media/singers/portrait.mp4, cover: media/singers/cover.jpg, submitted_at: 2024-07-01}

            """
        }
        try copy.write("contest/contestants/chery.yml", yaml)
        try FileManager.default.removeItem(atPath: copy.file("contest/results/rematch.yml"))
        let (site, _) = build(copy.path)
        let parts = ["contest/gallery/index.html", "assets/style.css", "assets/gallery.js"]
        let compressed = try parts.map { try Self.gzipSize(site.appendingPathComponent($0)) }.reduce(0, +)
        #expect(compressed < 100_000, "gallery HTML+CSS+JS gzipped: \(compressed) bytes")
        let eager = try document(site, "contest/gallery/index.html").elements
            .filter { $0.name == "img" && $0.attribute("loading") == nil }
        // A phone at 2–3× density picks the 480-pixel WebP for each eager card.
        let images = try eager.map { image -> Int in
            let large = try #require(image.attribute("src")).replacingOccurrences(of: "-240.jpg", with: "-480.webp")
            let path = site.appendingPathComponent("contest/gallery/" + large).standardized.path
            return (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        }.reduce(0, +)
        #expect(compressed + images < 500_000, "first view: \(compressed + images) bytes")
    }

    static func gzipSize(_ file: URL) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-9", "-c", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data.count
    }
}
