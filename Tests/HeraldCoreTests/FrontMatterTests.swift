import Testing
@testable import HeraldCore

@Suite struct FrontMatterTests {
    @Test func splitsYAMLAndBodyWithLineNumbers() throws {
        let split = try FrontMatter.split("---\ntitle: 标题\ndate: 2024-05-08\n---\n\n正文\n").get()
        #expect(split.yaml == "title: 标题\ndate: 2024-05-08")
        #expect(split.body == "\n正文\n")
        #expect(split.yamlFirstLine == 2)
        #expect(split.bodyFirstLine == 5)
    }

    @Test func fileWithoutFrontMatterIsAllBody() throws {
        let split = try FrontMatter.split("正文").get()
        #expect(split.yaml == nil && split.body == "正文")
    }

    @Test func byteOrderMarkAndCRLFAreTolerated() throws {
        let split = try FrontMatter.split("\u{FEFF}---\r\ntitle: 标题\r\n---\r\n正文").get()
        #expect(split.yaml != nil)
    }

    @Test func unterminatedFrontMatterIsAProblem() {
        #expect(throws: FrontMatter.Problem.self) { try FrontMatter.split("---\ntitle: 标题\n正文").get() }
    }

    @Test func typoInKeyGetsASuggestion() {
        #expect(KeySuggestion.nearest(to: "titel", among: Notice.fields) == "title")
        #expect(KeySuggestion.nearest(to: "doc_numbr", among: Notice.fields) == "doc_number")
        #expect(KeySuggestion.nearest(to: "completely_else", among: Notice.fields) == nil)
    }

    /// The byte-wise split against the line-array definition it replaced, on awkward inputs.
    @Test func trimmedIsFoundationsTrimming() {
        let inputs = ["", " ", "标题", " 标题 ", "　标题　", "标题\n", "\t a b \t", "a", "\u{85}甲\u{85}", "\u{2003}x", "x\u{A0}", "合肥 市"]
        for input in inputs {
            #expect(input.trimmed() == input.trimmingCharacters(in: .whitespacesAndNewlines), "\(input.debugDescription)")
            #expect(input.trimmed(.whitespaces) == input.trimmingCharacters(in: .whitespaces), "\(input.debugDescription)")
        }
    }

    @Test func splitMatchesTheLineDefinition() {
        func reference(_ text: String) -> (String?, String, Int)? {
            var text = Substring(TextSanitizer.clean(text.replacingOccurrences(of: "\r\n", with: "\n")))
            if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let isFence = { (line: Substring) in line.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\r"))) == "---" }
            guard let first = lines.first, isFence(first) else { return (nil, String(text), 1) }
            guard let closing = lines.dropFirst().firstIndex(where: isFence) else { return nil }
            return (lines[1..<closing].joined(separator: "\n"), lines[(closing + 1)...].joined(separator: "\n"), closing + 2)
        }
        let inputs = [
            "", "---", "---\n", "---\n---", "---\n---\n", "---\ntitle: a\n---\nbody\n", "---\r\ntitle: a\r\n---\r\nbody",
            "\u{FEFF}---\ntitle: 甲\n---\n正文\n\n第二段", "--- \ntitle: a\n ---\t\nbody", "no front matter\n---\nx",
            "---\ntitle: a\nbody without end", "---\n\n\n---\n\n\n", "　---　\ntitle: a\n---\nb", "---\na: 1\n----\n---\nc",
            "---\na: \u{07}x\n---\nb\u{0}c", "---\na\n---\n---\nbody keeps its own fence",
            "---\ntitle: 甲--乙\n　--　\n　---\nb", "---\n说明：———\n---\n正文",
        ]
        for input in inputs {
            let expected = reference(input)
            switch FrontMatter.split(input) {
            case .success(let split):
                #expect(expected != nil, "\(input.debugDescription) should be unterminated")
                #expect(split.yaml == expected?.0, "\(input.debugDescription)")
                #expect(split.body == expected?.1, "\(input.debugDescription)")
                #expect(split.bodyFirstLine == expected?.2, "\(input.debugDescription)")
            case .failure:
                #expect(expected == nil, "\(input.debugDescription) should split")
            }
        }
    }
}
