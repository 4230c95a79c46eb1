import Foundation
import FoundationXML
import Testing
@testable import HeraldCore

/// Builds the valid fixture campaign into a scratch folder and reads the site back as a browser,
/// a host and a feed reader would.
@Suite struct EndToEndTests {
    let output = Fixtures.scratch()

    private func built(now: String = "2024-08-10T12:00:00+08:00", drafts: Bool = false) throws -> URL {
        let report = Fixtures.build(content: Fixtures.validContent, output: output, now: now, drafts: drafts)
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))")
        return output
    }

    @Test func writesEveryPageWithPrettyURLs() throws {
        let site = try built()
        #expect(Fixtures.files(in: site) == [
            "404.html", "assets/gallery.js", "assets/search.js", "assets/style.css", "atom.xml", "calendar.ics", "feed.json", "feed.xml",
            "index.html", "media/rules.pdf", "notices/2024-05-first/index.html", "notices/feed.xml", "notices/index.html",
            "notices/zhong-wen-wen-jian-ming-de-tong-zhi/index.html",
            "projects/01-songs/index.html", "projects/index.html", "projects/micro-videos/index.html",
            "robots.txt", "search.json", "search/index.html", "sitemap.xml",
        ])
    }

    @Test func noticeIsLaidOutAsAnOfficialDocument() throws {
        let site = try built()
        let html = Fixtures.text(site, "notices/2024-05-first/index.html")
        let document = try #require(HTMLDocument(html: html))
        let text = document.text
        for expected in ["测工发〔2024〕1号", "关于开展测试活动的通知", "各区总工会：", "测试市总工会", "测试市委网信办",
                         "2024年5月8日", "附件", "活动规则", "联系人", "张三", "0551-62777096"] {
            #expect(text.contains(expected), "missing \(expected)")
        }
        #expect(html.contains("<h1>关于开展测试活动的通知</h1>"))
        #expect(html.contains("正文在这里换行"), "CJK soft break must vanish")
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "raw HTML is shown as text")
        #expect(!document.elements.contains { $0.name == "script" }, "no script element from content")
    }

    @Test func everyInternalLinkIsRelativeSoSubPathHostingWorks() throws {
        let site = try built()
        for file in Fixtures.files(in: site) where file.hasSuffix(".html") {
            let document = try #require(HTMLDocument(html: Fixtures.text(site, file)))
            for element in document.elements {
                for attribute in ["href", "src"] {
                    guard let value = element.attribute(attribute), element.name != "base" else { continue }
                    let isAbsoluteURL = value.hasPrefix("https://") || value.hasPrefix("http://") || value.hasPrefix("tel:")
                    #expect(!value.hasPrefix("/"), "\(file): \(value) breaks under a sub-path")
                    if !isAbsoluteURL && !value.hasPrefix("#") {
                        // Resolve as a browser would under the sub-path, and check the file exists.
                        let page = URL(string: "https://example.org/campaign/2024/" + file)!
                        let target = try #require(URL(string: value, relativeTo: page)?.absoluteURL)
                        let path = target.path(percentEncoded: false)
                        #expect(path.hasPrefix("/campaign/2024/"), "\(file): \(value) escapes the sub-path")
                        var relative = String(path.dropFirst("/campaign/2024/".count))
                        if relative.isEmpty || relative.hasSuffix("/") { relative += "index.html" }
                        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(relative).path),
                                "\(file): \(value) points at nothing")
                    }
                }
            }
        }
    }

    @Test func contentLinksMapToTheirPages() throws {
        let site = try built()
        let html = Fixtures.text(site, "notices/2024-05-first/index.html")
        #expect(html.contains("href=\"../../projects/01-songs/\""))
        #expect(html.contains("href=\"../zhong-wen-wen-jian-ming-de-tong-zhi/\""))
        #expect(html.contains("href=\"../../media/rules.pdf\""))
        #expect(html.contains("href=\"../../projects/\""))
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("media/unlinked.txt").path),
                "media nobody links to stays in content/")
    }

    @Test func notFoundPageWorksAtAnyDepth() throws {
        let site = try built()
        let html = Fixtures.text(site, "404.html")
        #expect(html.contains("<base href=\"/campaign/2024/\">"))
        // Checked in Chromium behind nginx: at a domain root the base becomes "/", and the skip link stays on the page.
        #expect(html.contains("base.setAttribute(\"href\", \"/\")") && html.contains("location.pathname + location.search + \"#main\""))
        #expect(!Fixtures.text(site, "index.html").contains("<base"), "only the 404 page has a base")
        #expect(html.contains("href=\"assets/style.css\""))
        #expect(html.contains("<meta name=\"robots\" content=\"noindex\">"))
    }

    @Test func footerShowsRecordNumbers() throws {
        let site = try built()
        let html = Fixtures.text(site, "index.html")
        #expect(html.contains("皖ICP备00000000号") && html.contains("https://beian.miit.gov.cn/"))
        #expect(html.contains("皖公网安备00000000000000号") && html.contains("网站标识码：0000000000"))
    }

    @Test func feedIsRSS2WithAbsoluteLinksAndPlusEightDates() throws {
        let site = try built()
        let feed = try XMLDocument(data: Data(contentsOf: site.appendingPathComponent("feed.xml")))
        let channel = try #require(try feed.nodes(forXPath: "/rss/channel").first as? XMLElement)
        #expect(feed.rootElement()?.attribute(forName: "version")?.stringValue == "2.0")
        #expect(channel.elements(forName: "language").first?.stringValue == "zh-CN")
        let items = channel.elements(forName: "item")
        #expect(items.map { $0.elements(forName: "title").first?.stringValue ?? "" }
            == ["中文文件名也有稳定网址", "关于开展测试活动的通知"], "newest first; an update moves an item up")
        for item in items {
            let link = item.elements(forName: "link").first?.stringValue ?? ""
            #expect(link.hasPrefix("https://example.org/campaign/2024/notices/"))
            #expect(item.elements(forName: "guid").first?.stringValue == link)
            #expect(item.elements(forName: "pubDate").first?.stringValue?.hasSuffix(" +0800") == true)
            let description = item.elements(forName: "description").first?.stringValue ?? ""
            #expect(description.isEmpty == false)
        }
        #expect(items[0].elements(forName: "pubDate").first?.stringValue == "Thu, 27 Jun 2024 00:00:00 +0800",
                "`updated` refreshes the item's date")
    }

    @Test func sitemapListsPublicPagesAbsolutely() throws {
        let site = try built()
        let sitemap = try XMLDocument(data: Data(contentsOf: site.appendingPathComponent("sitemap.xml")))
        let locations = try sitemap.nodes(forXPath: "//*[local-name()='loc']").compactMap(\.stringValue)
        #expect(locations.contains("https://example.org/campaign/2024/notices/2024-05-first/"))
        #expect(locations.allSatisfy { $0.hasPrefix("https://example.org/campaign/2024/") })
        #expect(!locations.contains { $0.contains("404") })
    }

    @Test func draftsAndEmbargoedNoticesAreAbsentFromEveryFile() throws {
        let site = try built(now: "2024-08-20T09:59:59+08:00")
        for file in Fixtures.files(in: site) {
            let text = Fixtures.text(site, file)
            for secret in ["DRAFT-SECRET-TEXT", "草稿通知不应出现", "secret-draft", "EMBARGO-SECRET-TEXT", "尚未发布的结果通知",
                           "embargoed-results"] {
                #expect(!text.contains(secret), "\(secret) leaked into \(file)")
            }
        }
    }

    @Test func embargoLiftsAtItsSecond() throws {
        let site = try built(now: "2024-08-20T10:00:00+08:00")
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("notices/embargoed-results/index.html").path))
        #expect(Fixtures.text(site, "feed.xml").contains("尚未发布的结果通知"))
        #expect(!Fixtures.text(site, "feed.xml").contains("草稿通知不应出现"))
    }

    @Test func draftsFlagShowsPreviewsMarkedNoindex() throws {
        let site = try built(drafts: true)
        let draft = Fixtures.text(site, "notices/secret-draft/index.html")
        #expect(draft.contains("<meta name=\"robots\" content=\"noindex\">"))
        #expect(draft.contains("preview-banner"))
        #expect(Fixtures.text(site, "notices/index.html").contains("预览"))
        #expect(!Fixtures.text(site, "sitemap.xml").contains("secret-draft"))
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let first = try built()
        let second = Fixtures.scratch()
        let report = Fixtures.build(content: Fixtures.validContent, output: second)
        #expect(report.succeeded)
        let files = Fixtures.files(in: first)
        #expect(files == Fixtures.files(in: second))
        for file in files {
            let a = try Data(contentsOf: first.appendingPathComponent(file))
            let b = try Data(contentsOf: second.appendingPathComponent(file))
            #expect(a == b, "\(file) differs between two builds")
        }
    }

    @Test func outputHoldsOnlyWhatTheLastBuildProduced() throws {
        let site = try built(now: "2024-08-20T10:00:00+08:00")
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("notices/embargoed-results/index.html").path))
        // Built again "as of" an earlier time, the result is back under embargo: its page must be gone.
        _ = try built(now: "2024-08-10T12:00:00+08:00")
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("notices/embargoed-results").path))
    }

    @Test func siteLayoutsOverrideSingleBuiltInFiles() throws {
        let layouts = Fixtures.scratch()
        try "<footer class=\"custom-footer\">自定义页脚 {{site.title}}</footer>\n"
            .write(to: layouts.appendingPathComponent("footer.mustache"), atomically: true, encoding: .utf8)
        let report = Fixtures.build(content: Fixtures.validContent, output: output, layouts: layouts.path)
        #expect(report.succeeded)
        let html = Fixtures.text(output, "index.html")
        #expect(html.contains("自定义页脚 测试活动"))
        #expect(html.contains("class=\"site-header\""), "the other layouts still come from the built-in theme")
    }
}
