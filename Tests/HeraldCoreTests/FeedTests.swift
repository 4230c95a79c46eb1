import Foundation
import FoundationXML
import Testing
@testable import HeraldCore

/// The feeds read back as feed readers read them: RSS and Atom with an XML parser, JSON Feed with a JSON parser.
/// Readers show an item away from the site, so its content must link absolutely; they tell items apart by id,
/// so a correction must keep it; and nothing under embargo may reach any of them.
@Suite struct FeedTests {
    static let siteWide = ["feed.xml", "atom.xml", "feed.json"]

    /// One item as any of the three formats gives it.
    struct Item {
        var id: String
        var link: String
        var title: String
        /// RSS: `pubDate`; Atom: `published`; JSON Feed: `date_published`.
        var published: String
        /// RSS has one date (`pubDate`); Atom: `updated`; JSON Feed: `date_modified`.
        var updated: String
        var contentHTML: String
    }

    private func build(_ content: String, now: String = "2024-08-10T12:00:00+08:00", drafts: Bool = false) -> URL {
        let output = Fixtures.scratch()
        let report = Fixtures.build(content: content, output: output, now: now, drafts: drafts)
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))")
        return output
    }

    /// Every feed file of a built site: the site-wide three and the section feeds.
    private func feedFiles(in site: URL) -> [String] {
        Fixtures.files(in: site).filter { ["feed.xml", "atom.xml", "feed.json"].contains(($0 as NSString).lastPathComponent) }
    }

    private func items(_ site: URL, _ file: String) throws -> [Item] {
        let data = try Data(contentsOf: site.appendingPathComponent(file))
        if file.hasSuffix(".json") { return try jsonItems(data) }
        let document = try XMLDocument(data: data)
        if document.rootElement()?.name == "rss" { return try rssItems(document) }
        return try atomItems(document)
    }

    private func text(_ element: XMLElement, _ localName: String) -> String {
        element.children?.first { $0.localName == localName }?.stringValue ?? ""
    }

    private func rssItems(_ document: XMLDocument) throws -> [Item] {
        try document.nodes(forXPath: "/rss/channel/item").compactMap { $0 as? XMLElement }.map { item in
            Item(id: text(item, "guid"), link: text(item, "link"), title: text(item, "title"),
                 published: text(item, "pubDate"), updated: text(item, "pubDate"), contentHTML: text(item, "encoded"))
        }
    }

    private func atomItems(_ document: XMLDocument) throws -> [Item] {
        try document.nodes(forXPath: "/*[local-name()='feed']/*[local-name()='entry']").compactMap { $0 as? XMLElement }
            .map { entry throws in
                let link = try entry.nodes(forXPath: "*[local-name()='link'][@rel='alternate']/@href").first?.stringValue
                return Item(id: text(entry, "id"), link: link ?? "",
                            title: text(entry, "title"), published: text(entry, "published"),
                            updated: text(entry, "updated"), contentHTML: text(entry, "content"))
            }
    }

    private func jsonItems(_ data: Data) throws -> [Item] {
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(document["version"] as? String == "https://jsonfeed.org/version/1.1")
        let items = try #require(document["items"] as? [[String: Any]])
        return items.map { item in
            Item(id: item["id"] as? String ?? "", link: item["url"] as? String ?? "", title: item["title"] as? String ?? "",
                 published: item["date_published"] as? String ?? "", updated: item["date_modified"] as? String ?? "",
                 contentHTML: item["content_html"] as? String ?? "")
        }
    }

    /// Every URL in the content's `href`, `src`, `poster` and `srcset` attributes.
    private func links(in html: String) throws -> [String] {
        let document = try #require(HTMLDocument(html: html))
        return document.elements.flatMap { element in
            element.attributes.flatMap { name, value -> [String] in
                switch name {
                case "href", "src", "poster": return [value]
                case "srcset": return value.split(separator: ",").compactMap { $0.split(separator: " ").first.map(String.init) }
                default: return []
                }
            }
        }
    }

    // MARK: - Files and formats

    @Test func threeSiteWideFormatsAndSectionFeeds() throws {
        let site = build(Fixtures.validContent)
        #expect(feedFiles(in: site) == ["atom.xml", "feed.json", "feed.xml", "notices/feed.xml"],
                "no contest, so no results feed")
        let rss = try XMLDocument(data: Data(contentsOf: site.appendingPathComponent("feed.xml")))
        #expect(rss.rootElement()?.namespace(forPrefix: "content")?.stringValue == "http://purl.org/rss/1.0/modules/content/")
        let atom = try XMLDocument(data: Data(contentsOf: site.appendingPathComponent("atom.xml")))
        #expect(atom.rootElement()?.uri == "http://www.w3.org/2005/Atom")

        let expected = ["https://example.org/campaign/2024/notices/zhong-wen-wen-jian-ming-de-tong-zhi/",
                        "https://example.org/campaign/2024/notices/2024-05-first/"]
        for file in feedFiles(in: site) {
            let items = try items(site, file)
            #expect(items.map(\.id) == expected, "\(file): newest first, the permanent address as id")
            #expect(items.map(\.link) == expected, "\(file)")
            #expect(items.allSatisfy { !$0.contentHTML.isEmpty }, "\(file): every item carries its content")
        }
        let atomItems = try items(site, "atom.xml")
        #expect(atomItems.map(\.published) == ["2024-06-25T00:00:00+08:00", "2024-05-08T00:00:00+08:00"])
        #expect(atomItems.map(\.updated) == ["2024-06-27T00:00:00+08:00", "2024-05-08T00:00:00+08:00"])
    }

    @Test func contestSiteHasAResultsFeedEvenBeforeTheFirstResults() throws {
        let site = build(Fixtures.contestContent, now: "2024-08-10T12:00:00+08:00")
        #expect(feedFiles(in: site) == ["atom.xml", "contest/results/feed.xml", "feed.json", "feed.xml", "notices/feed.xml"])
        #expect(try items(site, "contest/results/feed.xml").isEmpty)
        #expect(try items(site, "notices/feed.xml").map(\.title) == ["关于举办测试职工歌手大赛的通知"])
    }

    // MARK: - Content

    @Test func contentLinksAndImagesAreAbsolute() throws {
        let site = build(Fixtures.validContent)
        let page = "https://example.org/campaign/2024/notices/2024-05-first/"
        for file in feedFiles(in: site) {
            let items = try items(site, file)
            let notice = try #require(items.first { $0.id == page }, "\(file)")
            let found = try links(in: notice.contentHTML)
            for expected in ["https://example.org/campaign/2024/projects/01-songs/",
                             "https://example.org/campaign/2024/notices/zhong-wen-wen-jian-ming-de-tong-zhi/",
                             "https://example.org/campaign/2024/media/rules.pdf",
                             "https://example.org/campaign/2024/projects/",
                             page + "#fn-1", page + "#fnref-1", "https://example.org/auto"] {
                #expect(found.contains(expected), "\(file): \(expected) missing from \(found)")
            }
            let text = try #require(HTMLDocument(html: notice.contentHTML)).text
            #expect(text.contains("这是脚注。") && text.contains("附件 活动规则 子项目一览"), "\(file): body, footnotes and attachments")
            for item in items {
                for link in try links(in: item.contentHTML) {
                    #expect(link.hasPrefix("https://"), "\(file): \(item.title) links to \(link)")
                }
            }
        }
    }

    /// Read in a feed reader, a notice is still an official document: its number and addressees come
    /// before the body, the issuing bodies and the date of issue after it, in every format.
    @Test func noticeItemsCarryTheirNumberAddresseesAndSignature() throws {
        let site = build(Fixtures.validContent)
        for file in feedFiles(in: site) {
            let item = try #require(try items(site, file).first { $0.id.hasSuffix("/2024-05-first/") }, "\(file)")
            let text = try #require(HTMLDocument(html: item.contentHTML)).text
            #expect(text.hasPrefix("测工发〔2024〕1号 各区总工会："), "\(file): \(text)")
            #expect(text.hasSuffix("活动规则 子项目一览 测试市总工会 测试市委网信办 2024年5月8日"), "\(file): \(text)")
            let corrected = try #require(try items(site, file).first { $0.id.contains("zhong-wen") }, "\(file)")
            let correctedText = try #require(HTMLDocument(html: corrected.contentHTML)).text
            #expect(correctedText.hasSuffix("测试协会 2024年6月25日 更正于 2024年6月27日"), "\(file): \(correctedText)")
        }
    }

    @Test func resultsItemsCarryThePrefaceAndWhoAdvanced() throws {
        let copy = try SiteCopy(of: Fixtures.contestContent)
        try copy.write("contest/results/rematch.md", """
            ---
            title: 测试职工歌手大赛复赛结果公示
            ---

            复赛成绩见[大赛通知](../../notices/contest.md)与<https://example.org/elsewhere>，现公示如下。
            """)
        let site = build(copy.path, now: "2024-08-20T10:00:00+08:00")
        for file in ["feed.xml", "atom.xml", "feed.json", "contest/results/feed.xml"] {
            let results = try #require(try items(site, file).first, "\(file)")
            #expect(results.id == "https://example.org/singers/contest/results/rematch/")
            let document = try #require(HTMLDocument(html: results.contentHTML))
            #expect(document.text.contains("现公示如下。 晋级决赛选手名单 钱二（安徽省电力工会） 王小明（合肥市总工会） 李红（合肥市总工会）"),
                    "\(file): \(document.text)")
            #expect(!document.text.contains("88.39"), "\(file): a short list, not the score table")
            let found = try links(in: results.contentHTML)
            #expect(found.allSatisfy { $0.hasPrefix("https://") }, "\(file): \(found)")
        }
        #expect(try !items(site, "notices/feed.xml").contains { $0.id.contains("results") })
    }

    @Test func closingCDATAAndScriptCannotBreakAnyFeed() throws {
        let title = "特殊字符 ]]> <script>alert(\"t\")</script> & 通知"
        let body = """
            ---
            title: '\(title)'
            date: 2024-07-01
            ---

            结尾 ]]> 不能结束什么，<script>alert("x")</script> 也只是文字。

            <![CDATA[ 伪装 ]]>

            <div><script>document.write("]]>")</script></div>
            """
        for unsafe in [false, true] {
            let copy = try SiteCopy(of: Fixtures.validContent)
            try copy.write("notices/tricky.md", body)
            if unsafe {
                let config = try String(contentsOfFile: copy.file("site.yml"), encoding: .utf8)
                try copy.write("site.yml", config + "markdown:\n  unsafe: true\n")
            }
            let site = build(copy.path)
            for file in feedFiles(in: site) {
                let items = try items(site, file)
                #expect(items.map(\.title) == [title, "中文文件名也有稳定网址", "关于开展测试活动的通知"],
                        "\(file) (unsafe: \(unsafe)): every item survives, titles exactly as written")
                let document = try #require(HTMLDocument(html: items[0].contentHTML))
                #expect(document.text.contains("结尾 ]]> 不能结束什么"), "\(file): \(document.text)")
                if unsafe {
                    // markdown.unsafe: the HTML as the editor wrote it, script elements included (as Hugo's
                    // and Zola's unsafe modes do); the feed still parses and keeps every item.
                    #expect(document.elements.filter { $0.name == "script" }.count == 2, "\(file): raw HTML carried")
                    #expect(items[0].contentHTML.contains("<script>document.write(\"]]>\")</script>"), "\(file): raw HTML carried")
                } else {
                    #expect(document.text.contains("<script>alert(\"x\")</script> 也只是文字"), "\(file): \(document.text)")
                    #expect(!document.elements.contains { $0.name == "script" }, "\(file): no script element from content")
                }
            }
        }
    }

    /// Whatever HTML an item's content holds — a real script element with `]]>` and `<![CDATA[` in it included —
    /// each format gives it back to a reader unchanged.
    @Test func anyContentRoundTripsThroughEveryFormat() throws {
        var diagnostics = Diagnostics()
        let config = try #require(SiteConfig.load(from: "site.yml", text: "title: 测试\nbase_url: https://example.org/x/\n",
                                                  diagnostics: &diagnostics))
        let body = "<p>a ]]> b &amp; c</p><script>var s = \"]]>\" + \"<![CDATA[\";</script><p>end</p>"
        let item = FeedItem(section: .notices, title: "标题 ]]> <b>", path: SitePath("notices/a/"),
                            date: Date(timeIntervalSince1970: 1_720_000_000), publishedAt: Date(timeIntervalSince1970: 1_720_000_000),
                            summary: "摘要 ]]>", categories: ["测试"], isPreview: false, bodyHTML: body, lists: [])
        let entry = FeedEntry(item, site: config)
        let content = try #require(entry.contentHTML)
        #expect(content.contains("<script>var s = \"]]>\" + \"<![CDATA[\";</script>"), "\(content)")
        let channel = FeedChannel(title: "测试", description: "测试", language: "zh-CN", author: "测试",
                                  pageURL: "https://example.org/x/", feedURL: "https://example.org/x/feed", timeZone: config.timeZone,
                                  entries: [entry], updated: item.date)
        let output = Fixtures.scratch()
        try RSSFeed(channel: channel).xml().write(to: output.appendingPathComponent("feed.xml"))
        try AtomFeed(channel: channel).xml().write(to: output.appendingPathComponent("atom.xml"))
        try JSONFeed(channel: channel).json().write(to: output.appendingPathComponent("feed.json"))
        for file in FeedTests.siteWide {
            let items = try items(output, file)
            #expect(items.map(\.title) == ["标题 ]]> <b>"], "\(file)")
            #expect(items.first?.contentHTML == content, "\(file)")
        }
    }

    // MARK: - Corrections

    @Test func correctionKeepsTheIdAndRefreshesTheDate() throws {
        let file = "notices/中文文件名的通知.md"
        let id = "https://example.org/campaign/2024/notices/zhong-wen-wen-jian-ming-de-tong-zhi/"
        let original = try SiteCopy(of: Fixtures.validContent)
        try original.replace(in: file, "updated: 2024-06-27\n", with: "")
        let corrected = try SiteCopy(of: Fixtures.validContent)
        try corrected.replace(in: file, "updated: 2024-06-27", with: "updated: 2024-07-03")
        let before = build(original.path)
        let after = build(corrected.path)

        for feed in ["feed.xml", "atom.xml", "feed.json", "notices/feed.xml"] {
            let old = try #require(try items(before, feed).first { $0.id == id }, "\(feed)")
            let new = try #require(try items(after, feed).first { $0.id == id }, "\(feed)")
            #expect(old.link == new.link)
            #expect(old.updated != new.updated, "\(feed): the correction refreshes the date")
            #expect(try items(after, feed).first?.id == id, "\(feed): a correction moves the item up")
        }
        #expect(try items(before, "feed.xml").first { $0.id == id }?.published == "Tue, 25 Jun 2024 00:00:00 +0800")
        #expect(try items(after, "feed.xml").first { $0.id == id }?.published == "Wed, 03 Jul 2024 00:00:00 +0800")
        for feed in ["atom.xml", "feed.json"] {
            let old = try #require(try items(before, feed).first { $0.id == id })
            let new = try #require(try items(after, feed).first { $0.id == id })
            #expect(old.published == "2024-06-25T00:00:00+08:00" && new.published == old.published,
                    "\(feed): publication stays")
            #expect(old.updated == "2024-06-25T00:00:00+08:00" && new.updated == "2024-07-03T00:00:00+08:00", "\(feed)")
        }
    }

    // MARK: - Embargo and drafts

    @Test func embargoedResultsAreInNoFeedUntilPublishedAt() throws {
        let before = build(Fixtures.contestContent, now: "2024-08-20T09:59:59+08:00")
        for file in feedFiles(in: before) {
            let text = Fixtures.text(before, file)
            for trace in ResultsPublicationTests.rematchTraces + ["钱二", "晋级决赛选手名单"] {
                #expect(!text.contains(trace), "\(trace) in \(file) before publication")
            }
        }
        #expect(try items(before, "contest/results/feed.xml").isEmpty)

        let after = build(Fixtures.contestContent, now: "2024-08-20T10:00:00+08:00")
        let rematch = "https://example.org/singers/contest/results/rematch/"
        for file in ["feed.xml", "atom.xml", "feed.json", "contest/results/feed.xml"] {
            let first = try #require(try items(after, file).first, "\(file)")
            #expect(first.id == rematch && first.title == "测试职工歌手大赛复赛结果公示", "\(file)")
        }
        #expect(try items(after, "feed.xml").first?.published == "Tue, 20 Aug 2024 10:00:00 +0800")
        #expect(try items(after, "atom.xml").first?.published == "2024-08-20T10:00:00+08:00")
        #expect(try items(after, "feed.json").first?.published == "2024-08-20T10:00:00+08:00")
    }

    @Test func embargoedAndDraftNoticesAreInNoFeedWithoutDrafts() throws {
        let secrets = ["EMBARGO-SECRET-TEXT", "尚未发布的结果通知", "embargoed-results", "DRAFT-SECRET-TEXT", "草稿通知不应出现", "secret-draft"]
        let before = build(Fixtures.validContent, now: "2024-08-20T09:59:59+08:00")
        for file in feedFiles(in: before) {
            for secret in secrets { #expect(!Fixtures.text(before, file).contains(secret), "\(secret) leaked into \(file)") }
        }
        let after = build(Fixtures.validContent, now: "2024-08-20T10:00:00+08:00")
        for file in feedFiles(in: after) {
            let items = try items(after, file)
            #expect(items.first?.title == "尚未发布的结果通知", "\(file): published at its second")
            #expect(items.first?.contentHTML.contains("EMBARGO-SECRET-TEXT") == true, "\(file)")
            #expect(!Fixtures.text(after, file).contains("草稿通知不应出现"), "\(file): a draft stays out")
        }
    }

    @Test func draftsFlagShowsPreviewsMarkedInEveryFeed() throws {
        let site = build(Fixtures.validContent, now: "2024-08-10T12:00:00+08:00", drafts: true)
        for file in feedFiles(in: site) {
            let titles = try items(site, file).map(\.title)
            #expect(titles.contains("【预览】草稿通知不应出现") && titles.contains("【预览】尚未发布的结果通知"), "\(file): \(titles)")
        }
    }

    // MARK: - Discovery

    @Test func everyPageNamesTheSiteFeedsAndItsSectionFeed() throws {
        for (content, base) in [(Fixtures.validContent, "https://example.org/campaign/2024/"),
                                (Fixtures.contestContent, "https://example.org/singers/")] {
            let site = build(content)
            for file in Fixtures.files(in: site) where file.hasSuffix(".html") {
                let document = try #require(HTMLDocument(html: Fixtures.text(site, file)))
                let alternates = document.elements.filter { $0.name == "link" && $0.attribute("rel") == "alternate" }
                let page = URL(string: base + (file == "404.html" ? "" : file))!
                var named: [String: String] = [:]
                for link in alternates {
                    let href = try #require(link.attribute("href"))
                    let target = try #require(URL(string: href, relativeTo: page)?.absoluteString)
                    let path = String(target.dropFirst(base.count))
                    #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(path).path),
                            "\(file): \(href) points at nothing")
                    named[path] = link.attribute("type")
                    #expect(link.attribute("title")?.isEmpty == false)
                }
                var expected = ["feed.xml": "application/rss+xml", "atom.xml": "application/atom+xml",
                                "feed.json": "application/feed+json"]
                if file.hasPrefix("notices/") { expected["notices/feed.xml"] = "application/rss+xml" }
                if file.hasPrefix("contest/") { expected["contest/results/feed.xml"] = "application/rss+xml" }
                #expect(named == expected, "\(file)")
            }
        }
    }
}

/// The libxml2 fragment behind feed content: links rewritten attribute by attribute, text escaped by the library.
@Suite struct HTMLFragmentTests {
    private let page = URL(string: "https://example.org/campaign/2024/notices/a/")!

    @Test func rewritesEveryURLAttributeAndLeavesSchemesAlone() throws {
        let fragment = try #require(HTMLFragment(html: """
            <p><a href="../b/">b</a> <a href="#fn-1">1</a> <a href="mailto:x@example.org">m</a> <a href="tel:0551">t</a></p>
            <video poster="../../media/p.jpg" src="../../media/v.mp4"></video>
            <img src="pic.png" srcset="../../media/s.jpg 1x, ../../media/l.jpg 2x" alt="">
            <a href="https://other.example/x">x</a>
            """))
        fragment.rewriteURLs { FeedEntry.absolute($0, against: page) }
        let html = fragment.html
        for expected in ["href=\"https://example.org/campaign/2024/notices/b/\"",
                         "href=\"https://example.org/campaign/2024/notices/a/#fn-1\"",
                         "href=\"mailto:x@example.org\"", "href=\"tel:0551\"",
                         "poster=\"https://example.org/campaign/2024/media/p.jpg\"",
                         "src=\"https://example.org/campaign/2024/media/v.mp4\"",
                         "src=\"https://example.org/campaign/2024/notices/a/pic.png\"",
                         "srcset=\"https://example.org/campaign/2024/media/s.jpg 1x, https://example.org/campaign/2024/media/l.jpg 2x\"",
                         "href=\"https://other.example/x\""] {
            #expect(html.contains(expected), "\(expected) not in \(html)")
        }
    }

    @Test func appendedTextIsEscapedByTheLibrary() throws {
        let fragment = try #require(HTMLFragment())
        let list = try #require(fragment.append("ol"))
        fragment.append("li", text: "<b>王小明</b> & \"李红\"", to: list)
        fragment.append("a", text: "附件", attributes: [("href", "a\"b.pdf")], to: list)
        #expect(fragment.html == "<ol><li>&lt;b&gt;王小明&lt;/b&gt; &amp; \"李红\"</li><a href=\"a%22b.pdf\">附件</a></ol>")
    }

    @Test func prependedTextComesFirstAndIsEscapedByTheLibrary() throws {
        let fragment = try #require(HTMLFragment(html: "<p>正文</p>"))
        fragment.prepend("p", text: "<主送> & 各单位")
        #expect(fragment.html == "<p>&lt;主送&gt; &amp; 各单位</p><p>正文</p>")
        let empty = try #require(HTMLFragment())
        empty.prepend("p", text: "文号")
        #expect(empty.html == "<p>文号</p>")
    }

    @Test func keepsALeadingScriptInItsPlace() throws {
        let fragment = try #require(HTMLFragment(html: "<script>var a = 1;</script>\n<p>正文</p>"))
        #expect(fragment.html == "<script>var a = 1;</script>\n<p>正文</p>")
    }
}
