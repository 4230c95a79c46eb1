import Foundation
import Testing
@testable import HeraldCore

/// Hostile content: markup and script in every field, dangerous URLs, links out of content/, oversized
/// and exploding files. The site must come out inert — no element, attribute or URL from content.
@Suite struct HardeningTests {
    static let payload = "<img src=x onerror=alert(1)><script>alert('x')</script>\"'><b>粗</b>"

    /// Every element and attribute a page may legitimately contain comes from the theme; content adds
    /// none of these.
    private func assertInert(_ site: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        for file in Fixtures.files(in: site) where file.hasSuffix(".html") {
            let document = try #require(HTMLDocument(html: Fixtures.text(site, file)), sourceLocation: sourceLocation)
            for element in document.elements {
                // Images come from the theme's thumbnails or from Markdown `![]()` syntax, never from raw HTML.
                #expect(element.name != "img" || element.attribute("src")?.contains("thumbs/") == true
                        || element.attribute("src")?.hasPrefix("https://example.org/") == true,
                        "\(file): an <img> from content", sourceLocation: sourceLocation)
                #expect(element.name != "b", "\(file): a <b> from content", sourceLocation: sourceLocation)
                if element.name == "script" {
                    let src = element.attribute("src") ?? ""
                    // The 404 page's own few lines (its base at a domain root) are the theme's, not content's.
                    #expect(src.hasSuffix("assets/gallery.js") || src.hasSuffix("assets/search.js")
                            || (file == "404.html" && src.isEmpty && document.elements.filter { $0.name == "script" }.count == 1),
                            "\(file): a script from content", sourceLocation: sourceLocation)
                }
                for (name, value) in element.attributes {
                    #expect(!name.hasPrefix("on"), "\(file): event handler \(name)", sourceLocation: sourceLocation)
                    let scheme = SiteGraph.scheme(of: value)
                    #expect(scheme != "javascript" && scheme != "data" && scheme != "vbscript",
                            "\(file): \(name)=\(value)", sourceLocation: sourceLocation)
                }
            }
        }
    }

    @Test func markupInEveryFieldStaysText() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let yamlPayload = "'" + Self.payload.replacingOccurrences(of: "'", with: "''") + "'"
        try site.replace(in: "site.yml", "title: 歌手大赛测试站", with: "title: \(yamlPayload)\ndescription: \(yamlPayload)\norganizer: \(yamlPayload)")
        try site.write("notices/hostile.md", """
            ---
            title: \(yamlPayload)
            date: 2024-06-01
            doc_number: \(yamlPayload)
            issuers: [\(yamlPayload)]
            addressees: \(yamlPayload)
            attachments: [{title: \(yamlPayload), href: "https://example.org/?q=\\"><script>"}]
            contacts: [{name: \(yamlPayload), phone: \(yamlPayload), org: \(yamlPayload)}]
            ---

            \(Self.payload)

            <iframe src="https://evil.example"></iframe>

            [点我](https://example.org/"onmouseover="alert(1)) ![图](https://example.org/x.png"onerror="alert(1))

            控制字符\u{0007}和\u{001B}[31m、RTL\u{202E}覆盖、emoji 🎤、生僻字 𠀀𪚥。
            """)
        for field in ["name: 王小明", "employer: 合肥市某某物流有限公司", "occupation: 快递员", "song: 我和我的祖国"] {
            let key = field.split(separator: ":")[0]
            try site.replace(in: "contest/contestants/hefei.yml", field, with: "\(key): \(yamlPayload)")
        }
        try site.replace(in: "contest/contestants/hefei.yml", "bio: 每天骑行一百公里的**快递小哥**。", with: "bio: \(yamlPayload)")
        try site.replace(in: "contest/contest.yml", "name: 测试职工歌手大赛", with: "name: \(yamlPayload)")
        try site.replace(in: "contest/units.yml", "name: 合肥市总工会,", with: "name: \"<svg onload=alert(1)>\",")
        let long = String(repeating: "名", count: 10_000)
        try site.replace(in: "contest/contestants/guangde.yml", "name: 赵一", with: "name: \(long)")

        let output = Fixtures.scratch()
        let report = Fixtures.build(content: site.path, output: output, now: "2024-08-20T10:00:00+08:00")
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))")
        try assertInert(output)
        let notice = Fixtures.text(output, "notices/hostile/index.html")
        #expect(notice.contains("&lt;img src=x onerror=alert(1)&gt;"), "shown as the text the editor typed")
        #expect(notice.contains("&lt;iframe"))
        #expect(!notice.contains("\u{0007}") && !notice.contains("\u{001B}"), "control characters are dropped")
        #expect(notice.contains("🎤") && notice.contains("𠀀𪚥"))
        #expect(Fixtures.text(output, "contest/singers/gd-001/index.html").contains(long))
        for feed in ["feed.xml", "sitemap.xml"] {
            #expect(!Fixtures.text(output, feed).contains("\u{0007}"))
            #expect(!Fixtures.text(output, feed).contains("<script>"), "\(feed) escapes markup")
        }
    }

    /// A quote, `<` or `&` followed by a combining mark (U+0301) is one Character to Swift, and
    /// swift-mustache's own escaping compares whole Characters with its table, so it let such a quote close
    /// the attribute (`content=""` then ` onmouseover=alert(1)`). Text with these must come out as the same
    /// text, inert, including in a site's own layout that quotes an attribute with apostrophes.
    @Test func quotesFollowedByCombiningMarksStayText() throws {
        let title = "\"\u{301} onmouseover=alert(1) x=\"标题"
        let name = "'\u{308} onfocus=alert(2) autofocus x='李\u{301}"
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.write("notices/combining.md", "---\ntitle: '\(title)'\ndate: 2024-06-01\n---\n\n正文<\u{301}script>&\u{301}\n")
        try site.replace(in: "contest/contestants/hefei.yml", "name: 王小明", with: "name: \"\(name.replacingOccurrences(of: "\"", with: "\\\""))\"")
        let layouts = Fixtures.scratch().appendingPathComponent("layouts")
        try FileManager.default.createDirectory(at: layouts, withIntermediateDirectories: true)
        try "{{<base}}{{$content}}<p data-title='{{page.title}}'>{{page.title}}</p>{{/content}}{{/base}}\n"
            .write(to: layouts.appendingPathComponent("singer.mustache"), atomically: true, encoding: .utf8)

        let output = Fixtures.scratch()
        let report = Fixtures.build(content: site.path, output: output, now: "2024-08-20T10:00:00+08:00", layouts: layouts.path)
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))")
        try assertInert(output)

        let notice = try #require(HTMLDocument(html: Fixtures.text(output, "notices/combining/index.html")))
        let ogTitle = notice.elements.first { $0.name == "meta" && $0.attribute("property") == "og:title" }
        #expect(ogTitle?.attribute("content") == title, "the attribute holds the title, whole")
        #expect(Fixtures.text(output, "notices/combining/index.html").contains("正文&lt;\u{301}script&gt;&amp;\u{301}"))

        let singerFile = try #require(Fixtures.files(in: output).first {
            $0.hasPrefix("contest/singers/") && Fixtures.text(output, $0).contains("onfocus=alert(2)")
        })
        let singer = try #require(HTMLDocument(html: Fixtures.text(output, singerFile)))
        let paragraph = singer.elements.first { $0.name == "p" && $0.attribute("data-title") != nil }
        #expect(paragraph?.attribute("data-title")?.hasPrefix(name) == true, "single-quoted attribute keeps the name whole")
    }

    @Test(arguments: ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x"])
    func dangerousURLsAreRefused(_ url: String) throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        try site.write("notices/bad-link.md", "---\ntitle: 链接\ndate: 2024-06-01\nattachments: [{title: 附件, href: \"\(url)\"}]\n---\n\n[正文链接](\(url.replacingOccurrences(of: " ", with: "%20")))\n")
        let diagnostics = site.check()
        let errors = diagnostics.sorted.filter { $0.severity == .error && $0.message.contains("不安全的协议") }
        #expect(errors.count >= 1, "\(diagnostics.sorted.map(\.summaryLine))")
        #expect(errors.first?.location.line == 4)
    }

    @Test func dangerousVideoAndVoteURLsAreRefused() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/contestants/guangde.yml", "media/singers/portrait.mp4", with: "'javascript:alert(1)//.mp4'")
        try site.replace(in: "contest/contest.yml", "https://vote.example.org/singer/{id}", with: "'javascript:alert(\"{id}\")'")
        let errors = site.check().sorted.filter { $0.severity == .error }.map(\.message)
        #expect(errors.contains { $0.contains("视频网址须以 https:// 开头") })
        #expect(errors.contains { $0.contains("`vote_url` 应当是 http(s) 网址") })
    }

    @Test func symbolicLinkOutOfContentIsNotPublished() throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        let outside = Fixtures.scratch().appendingPathComponent("secret.pdf")
        try "SECRET-OUTSIDE-CONTENT".write(to: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: site.file("media/leak.pdf"), withDestinationPath: outside.path)
        try site.write("notices/leak.md", "---\ntitle: 泄露\ndate: 2024-06-01\n---\n\n[文件](../media/leak.pdf)\n")
        let diagnostics = site.check()
        let error = try #require(diagnostics.sorted.first { $0.severity == .error })
        #expect(error.message.contains("指向内容文件夹之外"))
        #expect(error.location == SourceLocation(file: site.file("notices/leak.md"), line: 6, column: 1))
    }

    @Test func symbolicLinkedCoverOutOfContentIsMissing() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try FileManager.default.createSymbolicLink(atPath: site.file("media/singers/elsewhere.jpg"),
                                                   withDestinationPath: Fixtures.root.appendingPathComponent("images/portrait.jpg").path)
        try site.replace(in: "contest/contestants/guangde.yml", "cover: media/singers/cover.jpg", with: "cover: media/singers/elsewhere.jpg")
        let errors = site.check().sorted.filter { $0.severity == .error }
        #expect(errors.first?.message.contains("找不到封面图片") == true)
    }

    @Test(arguments: ["../../etc", "a/b", ".hidden", "UPPER", "中文"])
    func unsafeSlugsAndIdsAreErrors(_ value: String) throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "notices/contest.md", "date: 2024-06-25", with: "date: 2024-06-25\nslug: \"\(value)\"")
        try site.replace(in: "contest/contestants/guangde.yml", "id: gd-001", with: "id: \"\(value)\"")
        let errors = site.check().sorted.filter { $0.severity == .error }.map(\.message)
        #expect(errors.contains { $0.contains("不能用作网址") && $0.contains("slug") })
        #expect(errors.contains { $0.contains("选手编号") && $0.contains("不能用作网址") })
    }

    @Test func oversizedFilesAreRefusedWithTheirSize() throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        try site.replace(in: "site.yml", "feed:", with: "limits: {markdown_kb: 1, media_mb: 1}\nfeed:")
        try site.write("notices/big.md", "---\ntitle: 大\ndate: 2024-06-01\n---\n\n" + String(repeating: "很长的正文。", count: 200))
        let errors = site.check().sorted.filter { $0.severity == .error }
        #expect(errors.contains { $0.location.file == site.file("notices/big.md") && $0.message.contains("超过 1 KB 的上限") })

        try FileManager.default.removeItem(atPath: site.file("notices/big.md"))
        try Data(count: 1_200_000).write(to: URL(fileURLWithPath: site.file("media/rules.pdf")))
        let media = site.check().sorted.filter { $0.severity == .error }
        #expect(media.first?.message.contains("media/rules.pdf 有 1.1 MB，超过 1.0 MB 的上限") == true)
        #expect(media.first?.location.line == 8, "at the attachment that links it")
    }

    @Test func billionLaughsIsRefusedQuickly() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        var yaml = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            previous = name
        }
        try site.write("contest/contest.yml", yaml)
        let started = Date()
        let errors = site.check().sorted.filter { $0.severity == .error }
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(errors.contains { $0.message.contains("YAML 展开后超过") })
    }

    @Test func deeplyNestedMarkdownDoesNotCrash() throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        let nested = String(repeating: "> ", count: 5_000) + "深\n\n" + String(repeating: "*", count: 15_000) + "\n\n"
            + String(repeating: "[", count: 10_000) + String(repeating: "- ", count: 2_000) + "项\n"
        try site.write("notices/deep.md", "---\ntitle: 深\ndate: 2024-06-01\n---\n\n" + nested)
        let report = Fixtures.build(content: site.path, output: Fixtures.scratch())
        #expect(report.succeeded, "\(report.diagnostics.sorted.prefix(3).map(\.summaryLine))")
    }

    @Test(arguments: ["/", "~", "content", "parent-of-content"])
    func dangerousOutputFoldersAreRefused(_ kind: String) throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        let output: String
        switch kind {
        case "/": output = "/"
        case "~": output = NSHomeDirectory()
        case "content": output = site.path
        default: output = site.content.deletingLastPathComponent().path
        }
        let report = BuildPipeline(options: BuildOptions(contentDirectory: site.path, layoutsDirectory: nil,
                                                         outputDirectory: output)).build()
        #expect(!report.succeeded)
        #expect(report.diagnostics.sorted.first?.message.contains("拒绝把网站写到") == true)
        #expect(FileManager.default.fileExists(atPath: site.file("site.yml")), "nothing of content/ was touched")
    }
}
