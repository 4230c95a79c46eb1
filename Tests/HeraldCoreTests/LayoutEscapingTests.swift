import Foundation
import Mustache
import Testing
@testable import HeraldCore

/// What layouts print: every `{{value}}` escaped by glib, in layouts, partials and the parents they extend.
@Suite struct LayoutEscapingTests {
    /// The shortcut (text glib would not change is returned as it is) must never skip text glib changes.
    @Test func textIsEscapedExactlyAsGlibEscapesIt() {
        var samples = ["", "安徽省总工会", "吴欣博《走进新时代》", "阿卜杜拉·买买提", "🎤𠀀𪚥", "\r\n\t", "\u{FEFF}\u{202E}",
                       "../../../assets/style.css", "https://example.org/?a=1&b=2", "a\0b"]
        for value in 0..<0x800 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            samples += [String(scalar), "名\(scalar)\u{301}x"]
        }
        var seed: UInt64 = 2024
        let pool = Array("\"'<>&\u{301}\u{308}\u{85}\u{80}\u{9F}\u{A0}·名a\t\n\u{1}\u{7F}🎤")
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<8 {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                text.append(pool[Int(seed >> 33) % pool.count])
            }
            samples.append(text)
        }
        for text in samples {
            #expect(LayoutEscaping.escaped(text) == LayoutEscaping.glibEscaped(text),
                    "U+\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func quotesAndMarkupAreEscapedByCodePoint() {
        #expect(LayoutEscaping.escaped("\"\u{301} onmouseover=alert(1)") == "&quot;\u{301} onmouseover=alert(1)")
        #expect(LayoutEscaping.escaped("'\u{308}<\u{301}&\u{301}>") == "&apos;\u{308}&lt;\u{301}&amp;\u{301}&gt;")
        #expect(LayoutEscaping.escaped("a\0b") == "ab", "NUL dropped, not the end of the text")
        #expect(LayoutEscaping.escaped("吴欣博《走进新时代》") == "吴欣博《走进新时代》")
    }

    /// swift-mustache starts every partial with its own escaping; each layout selects this one again.
    @Test func layoutsPartialsAndParentsAllPrintThroughIt() throws {
        let layouts = Fixtures.scratch().appendingPathComponent("layouts")
        try FileManager.default.createDirectory(at: layouts, withIntermediateDirectories: true)
        let files = [
            "probe.mustache": "{{<frame}}{{$inside}}<i>{{x}}</i>{{> probe-part}}{{/inside}}{{/frame}}",
            "probe-part.mustache": "<u>{{x}}</u>",
            "frame.mustache": "<b>{{x}}</b>{{$inside}}{{/inside}}",
            "declared.mustache": "{{% CONTENT_TYPE: HTML}}\n<s>{{x}}</s>\n",
        ]
        for (name, text) in files {
            try text.write(to: layouts.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        var diagnostics = Diagnostics()
        let theme = Theme.load(overrides: layouts.path, diagnostics: &diagnostics)
        #expect(diagnostics.sorted.isEmpty, "\(diagnostics.sorted.map(\.summaryLine))")
        let value = "'\u{308}x\"\u{301}"
        let escaped = "&apos;\u{308}x&quot;\u{301}"
        #expect(theme.render(data: ["x": value], layout: "probe") == "<b>\(escaped)</b><i>\(escaped)</i><u>\(escaped)</u>")
        #expect(theme.render(data: ["x": value], layout: "declared") == "<s>\(escaped)</s>\n")
    }

    @Test func aLayoutSyntaxErrorIsReportedWhereItIsInTheFile() throws {
        let text = "<main>\n{{#notice}}\n<h1>{{title}}</h1>\n{{/noticee}}\n</main>\n"
        var expected: (line: Int, column: Int)?
        do {
            _ = try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            expected = (error.context.lineNumber, error.context.columnNumber)
        }
        let position = try #require(expected, "swift-mustache refuses the text")
        #expect(position.line == 4)

        let layouts = Fixtures.scratch().appendingPathComponent("layouts")
        try FileManager.default.createDirectory(at: layouts, withIntermediateDirectories: true)
        try text.write(to: layouts.appendingPathComponent("notice.mustache"), atomically: true, encoding: .utf8)
        var diagnostics = Diagnostics()
        _ = Theme.load(overrides: layouts.path, diagnostics: &diagnostics)
        let error = try #require(diagnostics.sorted.first)
        #expect(error.message.contains("版式语法错误"))
        #expect(error.location == SourceLocation(file: layouts.path + "/notice.mustache", line: position.line, column: position.column))
    }
}
