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
}
