import Foundation
import Testing
@testable import HeraldCore

/// The last stage reads every built page back and refuses a site with a link to nothing — whether
/// the link came from content or from a theme's layout.
@Suite struct LinkVerifierTests {
    /// A site whose layouts add `footerLinks` to every page's footer.
    private func build(footerLinks: String, contest: Bool = false) throws -> (BuildReport, URL) {
        let layouts = Fixtures.scratch().appendingPathComponent("layouts")
        try FileManager.default.createDirectory(at: layouts, withIntermediateDirectories: true)
        let footer = try String(contentsOfFile: Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
                                    .appendingPathComponent("layouts/footer.mustache").path, encoding: .utf8)
        try footer.replacingOccurrences(of: "</footer>", with: footerLinks + "\n</footer>")
            .write(to: layouts.appendingPathComponent("footer.mustache"), atomically: true, encoding: .utf8)
        let output = Fixtures.scratch().appendingPathComponent("output")
        let report = Fixtures.build(content: contest ? Fixtures.contestContent : Fixtures.validContent,
                                    output: output, layouts: layouts.path)
        return (report, output)
    }

    private func errors(_ report: BuildReport) -> [String] {
        report.diagnostics.sorted.filter { $0.severity == .error }.map(\.message)
    }

    @Test func linksThatResolveFromEveryPagePass() throws {
        let (report, output) = try build(footerLinks: ##"<a href="{{page.root}}notices/">通知</a> <a href="{{page.root}}#main">顶部</a> <a href="#main">本页顶部</a> <a href="https://example.org/x?y#z">外站</a> <a href="mailto:a@example.org">信</a>"##)
        #expect(errors(report) == [])
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("index.html").path))
    }

    @Test func aLayoutLinkToNothingFailsTheBuildNamingThePages() throws {
        let (report, output) = try build(footerLinks: ##"<a href="{{page.root}}no-such-page/">坏链接</a>"##)
        let messages = errors(report)
        #expect(!report.succeeded)
        #expect(!messages.isEmpty)
        #expect(messages.allSatisfy { $0.contains("no-such-page/") && $0.contains("指向不存在的文件") })
        #expect(messages.contains { $0.contains("生成的页面 index.html ") })
        #expect(messages.contains { $0.contains("生成的页面 notices/index.html ") })
        #expect(!FileManager.default.fileExists(atPath: output.path), "a failed build writes no output")
    }

    /// The gallery is written and read back on the thread that renders it: its links are checked like
    /// every page's, and its ids are known before anchors pointing into it are checked.
    @Test func theGalleryIsCheckedLikeEveryPage() throws {
        let (report, _) = try build(footerLinks: ##"<a href="{{page.root}}no-such-page/">坏链接</a> <a href="{{page.root}}contest/gallery/#unit-no-such-unit">坏锚点</a> <a href="{{page.root}}contest/gallery/#unit-hefei">合肥</a>"##,
                                    contest: true)
        let messages = errors(report)
        #expect(messages.contains { $0.contains("生成的页面 contest/gallery/index.html ") && $0.contains("no-such-page/") })
        #expect(messages.contains { $0.contains("#unit-no-such-unit") && $0.contains("指向页面中不存在的锚点") })
        #expect(!messages.contains { $0.contains("#unit-hefei") }, "\(messages.filter { $0.contains("unit-hefei") })")

        let (fixed, output) = try build(footerLinks: ##"<a href="{{page.root}}contest/gallery/#unit-hefei">合肥</a>"##, contest: true)
        #expect(errors(fixed) == [])
        #expect(Fixtures.text(output, "contest/gallery/index.html").contains(#"id="unit-hefei""#))
    }

    @Test func aMissingFragmentOnThisOrAnotherPageIsAnError() throws {
        let (report, _) = try build(footerLinks: ##"<a href="#nowhere">本页</a> <a href="{{page.root}}notices/#nowhere-else">别页</a>"##)
        let messages = errors(report)
        #expect(messages.contains { $0.contains("“#nowhere”指向页面中不存在的锚点 #nowhere") })
        #expect(messages.contains { $0.contains("notices/#nowhere-else") && $0.contains("不存在的锚点 #nowhere-else") })
    }

    @Test func rootAbsoluteAndEscapingLinksAreErrors() throws {
        let (report, _) = try build(footerLinks: ##"<a href="/notices/">绝对</a> <a href="{{page.root}}../../../x">越界</a>"##)
        let messages = errors(report)
        #expect(messages.contains { $0.contains("“/notices/”以 / 开头") })
        #expect(messages.contains { $0.contains("指向网站根目录之外") })
    }

    @Test func manyPagesWithTheSameBrokenLinkAreNamedUpToALimit() {
        let verifier = LinkVerifier(sources: [:])
        let pages = (1...30).map { number in
            OutputFile(path: SitePath("singers/s\(number)/"),
                       data: Data(#"<!doctype html><title>t</title><img src="../../missing.png" alt=""><a href="../s1/">s1</a>"#.utf8))
        }
        DispatchQueue.concurrentPerform(iterations: pages.count) { verifier.scan(pages[$0]) }
        var diagnostics = Diagnostics()
        verifier.verify(files: pages.map(\.path), into: &diagnostics)
        let messages = diagnostics.sorted.map(\.message)
        #expect(messages.count == LinkVerifier.namedReferrers)
        #expect(messages.allSatisfy { $0.contains("“../../missing.png”指向不存在的文件") })
        #expect(messages.filter { $0.contains("（另有 10 个页面有同样的链接）") }.count == 1)
    }
}

/// Links to a part of a notice: headings have ids, and the link check knows them.
@Suite struct HeadingLinkTests {
    @Test func linksToHeadingsWorkAndALinkToNoHeadingIsCaught() throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        try site.write("notices/long.md", """
            ---
            title: 长通知
            date: 2024-05-09
            ---
            目录：[总体要求](#一总体要求)\(String(Character(Unicode.Scalar(0xFDD0 as UInt32)!)))

            ## 一、总体要求

            正文。
            """)
        try site.write("notices/other.md", "---\ntitle: 另一则\ndate: 2024-05-10\n---\n见[长通知的总体要求](long.md#一总体要求)。\n")
        let output = Fixtures.scratch()
        let report = Fixtures.build(content: site.path, output: output)
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))")
        #expect(Fixtures.text(output, "notices/long/index.html").contains("<h2 id=\"一总体要求\">"),
                "a pasted noncharacter is removed with the other unwanted characters, not left to switch ids off")

        try site.write("notices/other.md", "---\ntitle: 另一则\ndate: 2024-05-10\n---\n见[不存在的部分](long.md#二工作安排)。\n")
        let broken = Fixtures.build(content: site.path, output: Fixtures.scratch())
        #expect(!broken.succeeded)
        let error = try #require(broken.diagnostics.sorted.first { $0.severity == .error && $0.message.contains("二工作安排") })
        #expect(error.location.file.hasSuffix("notices/other.md") && error.location.line == 5 && error.location.column == 2,
                "at the link as the editor wrote it: \(error.summaryLine)")
    }

    /// cmark-gfm writes a named footnote's ids percent-encoded (`id="fn-%E8%AF%B4…"`), which a browser
    /// reaches from `#fn-%E8%AF%B4…`: valid GFM, not a broken link.
    @Test func namedFootnotesInChineseAreNotBrokenLinks() throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        try site.write("notices/notes.md", "---\ntitle: 脚注\ndate: 2024-05-09\n---\n\n正文[^说明]。\n\n[^说明]: 注释。\n")
        let output = Fixtures.scratch()
        let report = Fixtures.build(content: site.path, output: output)
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))")
        #expect(Fixtures.text(output, "notices/notes/index.html").contains("id=\"fn-%E8%AF%B4%E6%98%8E\""))
    }
}

/// With `markdown.unsafe: true`, raw HTML keeps its markup, and its relative URLs are the editor's, relative
/// to the source file like a Markdown link's.
@Suite struct RawHTMLLinkTests {
    @Test func relativeURLsInRawHTMLAreMappedAndCheckedAtTheirLine() throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        let config = try String(contentsOfFile: site.file("site.yml"), encoding: .utf8)
        try site.write("site.yml", config + "markdown:\n  unsafe: true\n")
        try site.write("notices/raw.md", """
            ---
            title: 原样的 HTML
            date: 2024-05-09
            ---
            <p class="download"><a href="../media/unlinked.txt">说明</a> <a href='../projects/'>子项目</a></p>

            <iframe src="https://player.example.org/v/1" title="视频"></iframe>

            <p><img src="../media/unlinked.txt" alt="../media/unlinked.txt"> <a href="draft.md">草稿</a></p>

            <div>
            <a href=2024-05-first.md>无引号</a> <a HREF = "../projects/">大写</a>
            <img srcset="../media/unlinked.txt 2x" alt="">
            </div>
            """)
        let output = Fixtures.scratch()
        let report = Fixtures.build(content: site.path, output: output)
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))")
        let page = Fixtures.text(output, "notices/raw/index.html")
        // libxml2 writes the rewritten attributes back, double-quoted, whatever the quoting, case or spacing.
        #expect(page.contains("<a href=\"../../media/unlinked.txt\">说明</a> <a href=\"../../projects/\">子项目</a>"))
        #expect(page.contains("<a href=\"../2024-05-first/\">无引号</a> <a href=\"../../projects/\">大写</a>"))
        #expect(page.contains("srcset=\"../../media/unlinked.txt 2x\""))
        #expect(page.contains("<iframe src=\"https://player.example.org/v/1\""))
        #expect(page.contains("<img src=\"../../media/unlinked.txt\" alt=\"../media/unlinked.txt\">"), "only URL attributes change")
        #expect(page.contains("<a>草稿</a>"), "a link to a draft loses its href, as a Markdown link loses its link")
        #expect(report.diagnostics.sorted.contains { $0.severity == .warning && $0.message.contains("draft.md") })
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("media/unlinked.txt").path),
                "a file linked from raw HTML is published like one linked from Markdown")

        try site.write("notices/raw.md", "---\ntitle: 原样的 HTML\ndate: 2024-05-09\n---\n正文。\n\n<div>\n<p>说明</p>\n<img src=\"../media/missing.png\" alt=\"\">\n</div>\n")
        let broken = Fixtures.build(content: site.path, output: Fixtures.scratch())
        let errors = broken.diagnostics.sorted.filter { $0.severity == .error }
        #expect(errors.count == 1, "once, where it is written: \(errors.map(\.summaryLine))")
        #expect(errors.first?.location.line == 9 && errors.first?.location.column == 11 && errors.first?.message.contains("missing.png") == true)
    }
}
