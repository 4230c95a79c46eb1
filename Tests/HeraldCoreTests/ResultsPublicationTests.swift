import Foundation
import FoundationXML
import Testing
@testable import HeraldCore

/// Results appear exactly at `published_at` and not a second before — in no page, feed, sitemap or
/// attribute — and the results notices read as the committee published them.
@Suite struct ResultsPublicationTests {
    /// Strings that only the rematch results can put into output/: scores, the outcome and the page's address.
    static let rematchTraces = ["88.39", "89.20", "76.20", "71.47", "晋级决赛", "复赛结果公示", "results/rematch"]

    private func build(_ content: String, now: String, drafts: Bool = false) -> URL {
        let output = Fixtures.scratch()
        let report = Fixtures.build(content: content, output: output, now: now, drafts: drafts)
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))")
        return output
    }

    private func everyFile(in site: URL) -> [(String, String)] {
        Fixtures.files(in: site).map { ($0, Fixtures.text(site, $0)) }
    }

    @Test func nothingOfTheRematchResultsBeforePublishedAt() {
        let site = build(Fixtures.contestContent, now: "2024-08-20T09:59:59+08:00")
        for (file, text) in everyFile(in: site) {
            for trace in Self.rematchTraces { #expect(!text.contains(trace), "\(trace) in \(file) before publication") }
        }
        #expect(Fixtures.text(site, "contest/results/index.html").contains("尚未公布"))
    }

    @Test func rematchResultsAppearAtPublishedAt() throws {
        let site = build(Fixtures.contestContent, now: "2024-08-20T10:00:00+08:00")
        let page = Fixtures.text(site, "contest/results/rematch/index.html")
        let document = try #require(HTMLDocument(html: page))
        #expect(document.text.contains("晋级决赛选手名单 钱二（安徽省电力工会） 王小明（合肥市总工会） 李红（合肥市总工会）"))
        #expect(page.contains("<td>88.39</td>") && page.contains("<td>85.82</td>"))
        #expect(!page.contains("noindex"))

        let feed = try XMLDocument(data: Data(contentsOf: site.appendingPathComponent("feed.xml")))
        let first = try #require(try feed.nodes(forXPath: "/rss/channel/item").first as? XMLElement)
        #expect(first.elements(forName: "link").first?.stringValue == "https://example.org/singers/contest/results/rematch/")
        #expect(first.elements(forName: "pubDate").first?.stringValue == "Tue, 20 Aug 2024 10:00:00 +0800")
        #expect(Fixtures.text(site, "sitemap.xml").contains("https://example.org/singers/contest/results/rematch/"))
        #expect(Fixtures.text(site, "contest/results/index.html").contains("href=\"rematch/\""))
    }

    @Test func finalResultsAndAwardsAreEmbargoedSeparately() throws {
        let copy = try SiteCopy(of: Fixtures.contestContent)
        try copy.write("contest/results/final.yml", """
            published_at: 2024-09-16T10:00:00+08:00
            entries:
              - {id: pw-001, judges: [93, 94, 95, 90, 98], quiz: 90, talent: 85}
              - {id: hf-001, judges: [94, 95, 96, 80, 99], quiz: 80, talent: 90}
              - {id: hf-002, judges: [90, 90, 90, 90, 90], quiz: 90, talent: 90}
            organization_awards: [hefei]
            """)
        try copy.write("contest/results/final.md", "---\ntitle: 关于公布测试大赛获奖名单的通知\ndoc_number: 测协字〔2024〕9号\n---\n\n经组委会评定，现将结果公布如下。\n")
        let before = build(copy.path, now: "2024-09-16T09:59:59+08:00")
        for (file, text) in everyFile(in: before) {
            for trace in ["93.20", "十大职工歌手：", "获奖名单", "测协字〔2024〕9号", "results/final", "经组委会评定"] {
                #expect(!text.contains(trace), "\(trace) in \(file) before publication")
            }
        }
        #expect(FileManager.default.fileExists(atPath: before.appendingPathComponent("contest/results/rematch/index.html").path))

        let after = build(copy.path, now: "2024-09-16T10:00:00+08:00")
        let page = try #require(HTMLDocument(html: Fixtures.text(after, "contest/results/final/index.html")))
        #expect(page.text.contains("测协字〔2024〕9号 关于公布测试大赛获奖名单的通知"))
        #expect(page.text.contains("经组委会评定，现将结果公布如下。"))
        #expect(page.text.contains("十大职工歌手 王小明（合肥市总工会） 钱二（安徽省电力工会）"))
        #expect(page.text.contains("优秀歌手 李红（合肥市总工会）"))
        #expect(page.text.contains("最佳人气职工歌手 钱二（安徽省电力工会）"))
        #expect(page.text.contains("优秀组织奖 合肥市总工会"))
        #expect(page.text.contains("93.20"))
    }

    @Test func publishedResultsAreAmongTheHomePagesLatestNotices() {
        let before = build(Fixtures.contestContent, now: "2024-08-20T09:59:59+08:00")
        #expect(!Fixtures.text(before, "index.html").contains("contest/results/rematch/"))
        let after = build(Fixtures.contestContent, now: "2024-08-20T10:00:00+08:00")
        let home = Fixtures.text(after, "index.html")
        let latest = home.components(separatedBy: "最新通知").dropFirst().first ?? ""
        #expect(latest.contains("href=\"contest/results/rematch/\""), "the newest item: the rematch results")
        let results = latest.range(of: "contest/results/rematch/")?.lowerBound
        let notice = latest.range(of: "notices/")?.lowerBound
        #expect(results != nil && notice != nil && results! < notice!, "newest first")
    }

    @Test func draftsPreviewShowsResultsMarkedNoindex() {
        let site = build(Fixtures.contestContent, now: "2024-08-10", drafts: true)
        let page = Fixtures.text(site, "contest/results/rematch/index.html")
        #expect(page.contains("<meta name=\"robots\" content=\"noindex\">"))
        #expect(page.contains("preview-banner"))
        #expect(!Fixtures.text(site, "sitemap.xml").contains("results/rematch"))
        // The gallery and singer pages show the embargoed scores and badges: previews as well.
        for file in ["contest/gallery/index.html", "contest/singers/hf-001/index.html"] {
            #expect(Fixtures.text(site, file).contains("晋级决赛") && Fixtures.text(site, file).contains("preview-banner"), "\(file)")
        }
        let published = build(Fixtures.contestContent, now: "2024-08-20T10:00:00+08:00", drafts: true)
        #expect(!Fixtures.text(published, "contest/gallery/index.html").contains("preview-banner"), "once published, no banner")
    }

    @Test func contestPageHighlightsTheCurrentStage() throws {
        let site = build(Fixtures.contestContent, now: "2024-08-10T12:00:00+08:00")
        let html = Fixtures.text(site, "contest/index.html")
        #expect(html.contains("<li class=\"stage current\" aria-current=\"step\">\n<span class=\"stage-title\">复赛（网络投票）</span>"))
        #expect(html.contains("<li class=\"stage past\">\n<span class=\"stage-title\">报名初选</span>"))
        #expect(html.contains("截至2024年7月31日") && !html.contains("即日起"), "an ended stage is not 'from today'")
        #expect(!html.contains("大赛已经结束"))
        let over = build(Fixtures.contestContent, now: "2024-09-16T00:00:00+08:00")
        #expect(Fixtures.text(over, "contest/index.html").contains("大赛已经结束，<a href=\"results/\">查看比赛结果</a>"))
        #expect(Fixtures.text(over, "index.html").contains("大赛已经结束"))
        #expect(Fixtures.text(build(Fixtures.contestContent, now: "2024-07-01T12:00:00+08:00"), "contest/index.html").contains("即日起至2024年7月31日"))
        #expect(html.contains("复赛网络投票进行中"))
        let after = build(Fixtures.contestContent, now: "2024-08-17T00:00:00+08:00")
        #expect(!Fixtures.text(after, "contest/index.html").contains("aria-current=\"step\""), "between stages nothing is current")
    }
}

/// Links an editor writes to contest sources go where those sources are published.
@Suite struct ContestSourceLinkTests {
    @Test func aResultsPrefaceAndTheEntriesFolderCanBeLinked() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.write("contest/results/rematch.md", "---\ntitle: 复赛结果公示\n---\n复赛已结束。\n")
        try site.write("notices/links.md", """
            ---
            title: 链接到大赛
            date: 2024-07-01
            ---
            见[复赛结果](../contest/results/rematch.md)和[全部选手](../contest/contestants/)。
            """)
        // Before the results are published the link leads nowhere yet: kept as text, with a warning (as for a draft).
        let early = site.check(now: "2024-08-10T12:00:00+08:00").sorted
        #expect(!early.contains { $0.severity == .error }, "\(early.map(\.summaryLine))")
        #expect(early.contains { $0.severity == .warning && $0.message.contains("rematch.md") }, "\(early.map(\.summaryLine))")

        let output = Fixtures.scratch()
        let report = Fixtures.build(content: site.path, output: output, now: "2024-08-20T10:00:00+08:00")
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))")
        let page = Fixtures.text(output, "notices/links/index.html")
        #expect(page.contains("href=\"../../contest/results/rematch/\"") && page.contains("href=\"../../contest/gallery/\""))
    }
}
