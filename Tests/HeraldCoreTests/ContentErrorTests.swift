import Foundation
import Testing
@testable import HeraldCore

/// One small invalid site per mistake an editor can make: the message, its position, and that the
/// previous output/ is left exactly as it was.
@Suite struct ContentErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let fixture: String
        let file: String
        let line: Int
        let column: Int
        let message: String
        var testDescription: String { fixture }
    }

    static let cases: [Case] = [
        Case(fixture: "bad-yaml", file: "notices/a.md", line: 5, column: 11, message: "YAML 语法错误"),
        Case(fixture: "missing-title", file: "notices/a.md", line: 2, column: 1, message: "缺少必填字段 `title`"),
        Case(fixture: "unknown-layout", file: "notices/a.md", line: 4, column: 1, message: "没有名为“noticee”的版式"),
        Case(fixture: "bad-date", file: "notices/a.md", line: 3, column: 7, message: "`date` 的日期“2024-05-32”无法识别"),
        Case(fixture: "duplicate-url", file: "notices/b.md", line: 4, column: 1, message: "网址 /notices/same/ 已被"),
        Case(fixture: "missing-file", file: "notices/a.md", line: 5, column: 17, message: "链接“../media/rules.pdf”指向不存在的页面或文件"),
        Case(fixture: "full-width-colon", file: "notices/a.md", line: 3, column: 5, message: "全角“：”"),
        Case(fixture: "reserved-media", file: "notices/a.md", line: 6, column: 4, message: "media/thumbs/ 是存放封面缩略图的文件夹"),
    ]

    @Test(arguments: cases)
    func mistakeIsReportedAtItsPlaceAndOutputIsUntouched(_ mistake: Case) throws {
        let output = Fixtures.scratch()
        let previous = output.appendingPathComponent("index.html")
        try "previous build".write(to: previous, atomically: true, encoding: .utf8)

        let content = Fixtures.invalidContent(mistake.fixture)
        let report = Fixtures.build(content: content, output: output)

        #expect(!report.succeeded)
        let errors = report.diagnostics.sorted.filter { $0.severity == .error }
        let match = errors.first { $0.message.contains(mistake.message) }
        let error = try #require(match, "got: \(errors.map(\.summaryLine))")
        #expect(error.location == SourceLocation(file: content + "/" + mistake.file, line: mistake.line, column: mistake.column))
        #expect(error.hint != nil, "every error says what to do")
        #expect(Fixtures.files(in: output) == ["index.html"])
        #expect(try String(contentsOf: previous, encoding: .utf8) == "previous build")
    }

    @Test func allMistakesOfARunAreReportedTogetherInOrder() {
        let content = Fixtures.invalidContent("many-errors")
        let report = Fixtures.build(content: content, output: Fixtures.scratch())
        let errors = report.diagnostics.sorted.filter { $0.severity == .error }.map(\.summaryLine)
        #expect(errors.count == 3, "\(errors)")
        #expect(errors.first?.hasPrefix(content + "/notices/a.md:2:1: error: ") == true)
        #expect(errors.last?.hasPrefix(content + "/projects/01.md:2:1: error: ") == true)
    }

    @Test func aProjectWithABadNumberStillHasItsOtherFieldsChecked() throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        try site.write("projects/99-extra.md", "---\nnumber: 100\ntitle: 多余的子项目\nhost: [甲, 乙]\ncontacts:\n  - {phone: 0551-1}\n---\n正文\n")
        let report = Fixtures.build(content: site.path, output: Fixtures.scratch())
        let errors = report.diagnostics.sorted.filter { $0.severity == .error && $0.location.file.hasSuffix("99-extra.md") }
        #expect(errors.map(\.location.line) == [2, 4, 6], "\(errors.map(\.summaryLine))")
    }

    @Test func aContestWithoutANameStillHasItsEntriesChecked() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/contest.yml", "name: ", with: "nmae: ")
        try site.replace(in: "contest/contestants/guangde.yml", "    submitted_at: 2024-07-01\n", with: "    submitted_at: 2024-07-01\n    performers: 两人\n")
        let report = Fixtures.build(content: site.path, output: Fixtures.scratch())
        let errors = report.diagnostics.sorted.filter { $0.severity == .error }
        #expect(errors.contains { $0.location.file.hasSuffix("contest.yml") && $0.message.contains("`name`") })
        #expect(errors.contains { $0.location.file.hasSuffix("guangde.yml") && $0.message.contains("performers") }, "\(errors.map(\.summaryLine))")
    }

    @Test func aBrokenLinkIsReportedBesideMistakesOfOtherKinds() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.write("notices/bad-date.md", "---\ntitle: 日期写错\ndate: 2024-05-32\n---\n正文。\n")
        try site.write("notices/links.md", """
            ---
            title: 链接
            date: 2024-05-09
            ---
            见[日期写错的通知](bad-date.md)和[不存在的子项目](../projects/99-none.md)。
            """)
        try site.replace(in: "contest/contestants/guangde.yml", "    submitted_at: 2024-07-01\n", with: "    submitted_at: 2024-07-01\n    performers: 2\n")
        let errors = site.check().sorted.filter { $0.severity == .error }
        #expect(errors.contains { $0.location.file.hasSuffix("bad-date.md") }, "the load error")
        #expect(errors.contains { $0.location.file.hasSuffix("guangde.yml") && $0.message.contains("独唱") }, "the rule")
        #expect(errors.contains { $0.location.file.hasSuffix("links.md") && $0.message.contains("99-none.md") }, "the link, in the same run")
        #expect(!errors.contains { $0.message.contains("bad-date.md") && $0.location.file.hasSuffix("links.md") },
                "a link to the file that did not load is not a second error: \(errors.map(\.summaryLine))")
    }

    @Test func linksIntoAContestThatDidNotLoadAreNotReportedAgain() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.write("contest/results/rematch.md", "---\ntitle: 复赛结果公示\n---\n复赛已结束。\n")
        try site.write("notices/links.md", "---\ntitle: 链接\ndate: 2024-05-09\n---\n见[大赛](../contest/)和[复赛结果](../contest/results/rematch.md)。\n")
        try site.replace(in: "contest/results/rematch.yml", "published_at: 2024-08-20T10:00:00+08:00", with: "published_at: 八月")
        var errors = site.check(now: "2024-09-01T00:00:00+08:00").sorted.filter { $0.severity == .error }
        #expect(errors.contains { $0.location.file.hasSuffix("rematch.yml") })
        #expect(!errors.contains { $0.location.file.hasSuffix("links.md") }, "\(errors.map(\.summaryLine))")

        try site.write("contest/contest.yml", "name: [坏\n")
        errors = site.check(now: "2024-09-01T00:00:00+08:00").sorted.filter { $0.severity == .error }
        #expect(errors.contains { $0.location.file.hasSuffix("contest.yml") })
        #expect(!errors.contains { $0.location.file.hasSuffix("links.md") }, "\(errors.map(\.summaryLine))")
    }

    @Test func unknownKeyIsAWarningWithASuggestion() throws {
        let content = Fixtures.scratch()
        try FileManager.default.createDirectory(at: content.appendingPathComponent("notices"), withIntermediateDirectories: true)
        try "title: 站\nbase_url: https://example.org/\n".write(to: content.appendingPathComponent("site.yml"), atomically: true, encoding: .utf8)
        try "---\ntitle: 通知\ndate: 2024-05-08\nisuers: [甲]\n---\n正文\n"
            .write(to: content.appendingPathComponent("notices/a.md"), atomically: true, encoding: .utf8)
        let report = Fixtures.build(content: content.path, output: Fixtures.scratch())
        #expect(report.succeeded, "a warning does not stop the build")
        let warning = try #require(report.diagnostics.sorted.first { $0.severity == .warning })
        #expect(warning.location.line == 4)
        #expect(warning.hint == "是不是想写 `issuers`？")
    }

    @Test func outputFolderOverlappingContentIsRefused() {
        let report = BuildPipeline(options: BuildOptions(contentDirectory: Fixtures.validContent, layoutsDirectory: nil,
                                                         outputDirectory: Fixtures.validContent + "/notices")).build()
        #expect(!report.succeeded)
        #expect(report.diagnostics.sorted.first?.message.contains("重叠") == true)
    }
}
