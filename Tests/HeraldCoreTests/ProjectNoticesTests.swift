import Foundation
import Testing
@testable import HeraldCore

@Suite struct ProjectNoticesTests {
    @Test func projectPageListsTheNoticesThatNameIt() throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        try site.replace(in: "notices/2024-05-first.md", "doc_number:", with: "projects: [01-songs]\ndoc_number:")
        try site.replace(in: "notices/中文文件名的通知.md", "issuers:", with: "projects: 01-songs\nissuers:")
        let output = Fixtures.scratch()
        #expect(Fixtures.build(content: site.path, output: output).succeeded)
        let page = try #require(HTMLDocument(html: Fixtures.text(output, "projects/01-songs/index.html")))
        let links = page.elements.filter { $0.name == "a" && $0.attribute("class") == "notice-link" }.compactMap { $0.attribute("href") }
        #expect(links == ["../../notices/zhong-wen-wen-jian-ming-de-tong-zhi/", "../../notices/2024-05-first/"], "newest first")
        #expect(!Fixtures.text(output, "projects/micro-videos/index.html").contains("相关通知"))
    }

    @Test func unknownProjectIsAnErrorWithASuggestion() throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        try site.replace(in: "notices/2024-05-first.md", "doc_number:", with: "projects: [01-song, micro-videos]\ndoc_number:")
        let errors = site.check().sorted.filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.location == SourceLocation(file: site.file("notices/2024-05-first.md"), line: 4, column: 12))
        #expect(errors.first?.hint == "是不是 `01-songs`？")
    }
}
