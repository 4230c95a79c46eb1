import Foundation
import Testing
@testable import HeraldCore

@Suite struct MarkdownRendererTests {
    let renderer = MarkdownRenderer()

    private func html(_ markdown: String, unsafe: Bool = false) -> String {
        MarkdownRenderer(allowsRawHTML: unsafe).render(markdown) { $0.url }
    }

    @Test func softBreakBetweenChineseCharactersDisappears() {
        #expect(html("正文在这里\n换行") == "<p>正文在这里换行</p>\n")
    }

    @Test func softBreakAfterChinesePunctuationDisappears() {
        #expect(html("第一句。\n第二句“引文”\n结束") == "<p>第一句。第二句“引文”结束</p>\n")
    }

    @Test func softBreakBetweenLatinWordsStays() {
        #expect(html("English words\nstay apart") == "<p>English words\nstay apart</p>\n")
    }

    @Test func softBreakBetweenChineseAndLatinStays() {
        #expect(html("中文\nEnglish") == "<p>中文\nEnglish</p>\n")
    }

    @Test func softBreakNextToEmphasisLooksInside() {
        #expect(html("**加粗**\n正文") == "<p><strong>加粗</strong>正文</p>\n")
    }

    @Test func inlineRawHTMLIsShownAsText() {
        #expect(html("看 <script>alert(1)</script> 这里") == "<p>看 &lt;script&gt;alert(1)&lt;/script&gt; 这里</p>\n")
    }

    @Test func blockRawHTMLIsShownAsText() {
        #expect(html("<div onclick=\"x()\">块</div>") == "<p>&lt;div onclick=&quot;x()&quot;&gt;块&lt;/div&gt;</p>\n")
    }

    @Test func multiLineBlockHTMLKeepsItsLines() {
        #expect(html("<table>\n<tr><td>1</td></tr>\n</table>")
            == "<p>&lt;table&gt;<br />\n&lt;tr&gt;&lt;td&gt;1&lt;/td&gt;&lt;/tr&gt;<br />\n&lt;/table&gt;</p>\n")
    }

    @Test func unsafeModePassesRawHTMLThrough() {
        #expect(html("<b>粗</b>", unsafe: true) == "<p><b>粗</b></p>\n")
        // An embedded player is what editors turn unsafe mode on for: GitHub's tag filter does not apply.
        let player = "<iframe src=\"https://player.example.org/v/1\" title=\"视频\"></iframe>"
        #expect(html(player, unsafe: true) == player + "\n")
        #expect(!html(player).contains("<iframe"), "escaped when unsafe mode is off")
    }

    @Test func javascriptLinksAreDroppedInSafeMode() {
        #expect(!html("[x](javascript:alert(1))").contains("javascript:"))
    }

    @Test func gfmExtensionsAreOn() {
        #expect(html("| a | b |\n| - | - |\n| 1 | 2 |").contains("<table>"))
        #expect(html("~~删~~").contains("<del>删</del>"))
        #expect(html("见 https://example.org 。").contains("<a href=\"https://example.org\">"))
        #expect(html("- [x] 完成").contains("type=\"checkbox\" checked=\"\""))
        #expect(html("注[^1]\n\n[^1]: 脚注").contains("class=\"footnotes\""))
        #expect(html("注[^1]\n\n[^1]: 脚注").contains("aria-label=\"返回正文\"") && !html("注[^1]\n\n[^1]: 脚注").contains("Back to"))
    }

    @Test func resolverSeesEachLinkWithItsPositionInCharacters() {
        var seen: [(String, Int, Int)] = []
        let output = renderer.render("第一行\n\n中文[链接](../a.md)与![图](b.png)") { destination in
            seen.append((destination.url, destination.line, destination.column))
            return destination.isImage ? "img/b.png" : "../a/"
        }
        #expect(seen.map(\.0) == ["../a.md", "b.png"])
        #expect(seen.map(\.1) == [3, 3])
        #expect(seen.map(\.2) == [3, 17])
        #expect(output.contains("href=\"../a/\"") && output.contains("src=\"img/b.png\""))
    }

    @Test func unresolvableLinkKeepsItsText() {
        let output = renderer.render("见[未发布的通知](x.md)。") { _ in nil }
        #expect(output == "<p>见未发布的通知。</p>\n")
    }

    @Test func headingsGetGitHubStyleIDs() {
        let rendered = html("## 一、总体要求\n\n### Hello, World!\n\n## **重要** 事项\n\n## 一、总体要求\n\n## ！\n")
        #expect(rendered.contains("<h2 id=\"一总体要求\">一、总体要求</h2>"))
        #expect(rendered.contains("<h3 id=\"hello-world\">Hello, World!</h3>"))
        #expect(rendered.contains("<h2 id=\"重要-事项\"><strong>重要</strong> 事项</h2>"))
        #expect(rendered.contains("<h2 id=\"一总体要求-1\">"), "a repeated heading gets a suffix")
        #expect(rendered.contains("<h2>！</h2>"), "no id from punctuation alone")
        #expect(!rendered.unicodeScalars.contains { $0.value == 0xFDD0 || $0.value == 0xFDD1 })
        // Suffixes never collide with a heading that has the suffix in its text, nor with a footnote's id.
        let repeated = html("## Foo\n\n## Foo\n\n## Foo 1\n\n## fn-1\n\n注[^1]\n\n[^1]: 脚注\n")
        #expect(repeated.contains("id=\"foo\"") && repeated.contains("id=\"foo-1\"") && repeated.contains("id=\"foo-1-1\""))
        #expect(repeated.components(separatedBy: "id=\"fn-1\"").count == 2, "one element with id fn-1: the footnote's")
        // A self-made character (private-use area, 造字) in a name does not turn the ids off.
        #expect(html("张\u{E000}\n\n## 总体要求\n").contains("<h2 id=\"总体要求\">"))
        #expect(html("# Main").contains("<h1 id=\"main-1\">"), "never the id of the layout's <main>")
        #expect(html("<h2>原样</h2>\n\n## 标题", unsafe: true).contains("<h2>原样</h2>\n<h2 id=\"标题\">"), "raw HTML headings are left alone")
    }

    /// cmark-gfm switches its extensions' inline characters on and off in a table shared by every parser
    /// (`~` for strikethrough, `:` and `w` for autolinks, `|` in tables): parsers on two threads once turned
    /// each other's off, and a notice built in parallel lost its links now and then.
    @Test func headingIDsAvoidEveryIDTheLayoutsUse() throws {
        let layouts = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("layouts")
        var found = Set<String>()
        for name in try FileManager.default.subpathsOfDirectory(atPath: layouts.path) where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: layouts.appendingPathComponent(name), encoding: .utf8)
            for part in text.components(separatedBy: "id=\"").dropFirst() {
                let id = String(part.prefix { $0 != "\"" })
                if !id.contains("{") { found.insert(id) }
            }
        }
        #expect(found.isSubset(of: Set(HeadingAnchors.layoutIDs)), "missing: \(found.subtracting(HeadingAnchors.layoutIDs))")
    }

    @Test func parsersOnManyThreadsGiveWhatOneThreadGives() {
        let documents = (0..<400).map { index in
            "第 \(index) 段 https://example.org/\(index) 和 ~~删除~~。\n\n| 列 | 值 |\n| --- | --- |\n| a | www.example.com/\(index) |\n"
        }
        let renderer = MarkdownRenderer()
        let alone = documents.map { renderer.render($0) { $0.url } }
        for _ in 0..<5 {
            let together = Parallel.map(documents) { renderer.render($0) { $0.url } }
            #expect(together == alone)
        }
        #expect(alone.allSatisfy { $0.contains("<del>") && $0.contains("<a href=\"https://example.org/") })
    }
}

/// A notice's summary reads its HTML only as far as it needs, and says the same as reading it all.
@Suite struct SummaryTests {
    private func reference(_ html: String, limit: Int) -> String {
        guard let text = HTMLDocument(html: "<body>" + html + "</body>")?.text else { return "" }
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    @Test func summariesMatchTheWholeText() {
        let long = (1...40).map { "<p>第\($0)段：各市总工会、各产业工会要高度重视，  认真组织。</p>\n" }.joined()
        let cases = [
            "", "<p>短</p>", long, "<p>" + String(repeating: "字", count: 120) + "</p>",
            "<p>" + String(repeating: "字", count: 121) + "</p>", "<p>" + String(repeating: "字", count: 119) + "</p>  \n <p>末</p>",
            "<p>a<b>b</b>c</p>" + String(repeating: "<p>  </p>", count: 200) + "<p>" + String(repeating: "x y ", count: 60) + "</p>",
            "<script>ignored()</script><p>正文 <em>强调</em></p><table><tr><td>格</td></tr></table>",
        ]
        for html in cases {
            for limit in [1, 5, 120] {
                #expect(Summary.of(html: html, limit: limit) == reference(html, limit: limit), "\(html.prefix(40)) / \(limit)")
            }
        }
    }
}
