import Foundation
import Testing
@testable import HeraldCore

/// `herald new`: a new notice or project carries every field with a note, builds without a warning as
/// written and with every example switched on, and never replaces an existing file.
@Suite struct ScaffoldTests {
    static let now = Fixtures.instant("2024-08-10T12:00:00+08:00")

    private func resolved(_ copy: SiteCopy) throws -> ResolvedSite {
        let options = BuildOptions(contentDirectory: copy.path, layoutsDirectory: nil, now: Self.now)
        let checked = BuildPipeline(options: options).check()
        #expect(checked.diagnostics.items.isEmpty, "\(checked.diagnostics.sorted.map(\.summaryLine))")
        return try #require(checked.resolved)
    }

    /// The file with `draft: true` turned off and, optionally, every commented-out example field switched on.
    private func edit(_ path: String, uncommentExamples: Bool) throws {
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        lines = lines.map { line in
            if line.hasPrefix("draft: true") { return "draft: false" }
            // `# key: …` and `#   - …`, not the explanatory first comment (which starts with Chinese).
            if uncommentExamples, line.hasPrefix("# "), let next = line.dropFirst(2).first, next.isASCII {
                return String(line.dropFirst(2))
            }
            return line
        }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func aNewNoticeBuildsWithoutDiagnosticsAsWrittenAndWithEveryExample() throws {
        let copy = try SiteCopy(of: Fixtures.validContent)
        let path = try Scaffold(contentDirectory: copy.path, now: Self.now).create(.notice, title: "关于举办2024年职工摄影展的通知")
        #expect(path == copy.path + "/notices/\(Slug.fromFileName("关于举办2024年职工摄影展的通知")).md")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for field in Notice.fields + NoticeEvent.fields {
            #expect(text.contains("\(field):"), "the new notice does not show `\(field)`")
        }
        #expect(text.contains("date: 2024-08-10  # 发文日期（必填）"))

        // As written: a draft, checked but not published.
        #expect(try resolved(copy).notices.allSatisfy { $0.notice.title != "关于举办2024年职工摄影展的通知" })

        try edit(path, uncommentExamples: false)
        let published = try #require(try resolved(copy).notices.first { $0.notice.title == "关于举办2024年职工摄影展的通知" })
        #expect(published.notice.date == CampaignDate(year: 2024, month: 8, day: 10))
        #expect(published.notice.events.isEmpty && published.notice.issuers.isEmpty)

        try edit(path, uncommentExamples: true)
        let full = try #require(try resolved(copy).notices.first { $0.notice.title == "关于举办2024年职工摄影展的通知" })
        #expect(full.notice.docNumber == "皖工发〔2024〕11号")
        #expect(full.notice.issuers == ["安徽省总工会", "中共安徽省委网信办"])
        #expect(full.notice.attachments.count == 1 && full.notice.contacts.count == 1)
        #expect(full.notice.events.map(\.title) == ["赛前培训", "说明会"])
        #expect(full.notice.events.map(\.allDay) == [true, false])
    }

    @Test func aNewProjectTakesTheNextNumberAndBuildsWithoutDiagnostics() throws {
        let copy = try SiteCopy(of: Fixtures.validContent)
        let path = try Scaffold(contentDirectory: copy.path, now: Self.now).create(.project, title: "职工书法作品征集")
        #expect(path == copy.path + "/projects/03-zhi-gong-shu-fa-zuo-pin-zheng-ji.md")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for field in Project.fields { #expect(text.contains("\(field):"), "the new project does not show `\(field)`") }
        #expect(text.contains("2024-08-10"))
        #expect(try resolved(copy).projects.count == 2, "a draft is not published")

        try edit(path, uncommentExamples: true)
        let projects = try resolved(copy).projects
        let project = try #require(projects.last)
        #expect(project.project.number == 3 && project.project.title == "职工书法作品征集")
        #expect(project.path.value == "projects/zhi-gong-shu-fa-zuo-pin-zheng-ji/")
        #expect(project.project.host == "某某市总工会")

        let next = try Scaffold(contentDirectory: copy.path, now: Self.now).create(.project, title: "Photo Walk")
        #expect(next.hasSuffix("/projects/04-photo-walk.md"))
    }

    @Test func anExistingFileIsNeverReplaced() throws {
        let copy = try SiteCopy(of: Fixtures.validContent)
        let scaffold = Scaffold(contentDirectory: copy.path, now: Self.now)
        let path = try scaffold.create(.notice, title: "Same Title")
        try "edited by hand".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try scaffold.create(.notice, title: "Same  title")
        } throws: { error in
            (error as? Scaffold.Failure)?.message == "\(copy.path)/notices/same-title.md 已经存在，没有覆盖它"
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "edited by hand")
    }

    @Test func aSecondPageWithTheSameAddressIsRefused() throws {
        let copy = try SiteCopy(of: Fixtures.validContent)
        let scaffold = Scaffold(contentDirectory: copy.path, now: Self.now)
        let first = try scaffold.create(.project, title: "Photo Walk")
        // Another number, so another file name: but the same URL, which would fail the build.
        #expect {
            try scaffold.create(.project, title: "photo walk")
        } throws: { error in
            (error as? Scaffold.Failure)?.message == "\(first) 的网址已是 projects/photo-walk/，没有新建"
        }
        #expect(Fixtures.files(in: copy.content.appendingPathComponent("projects")).count == 3)
        #expect(copy.check().items.isEmpty)
    }

    @Test func todayIsTheDayInBeijing() throws {
        // 20:00 UTC is already the next morning in Beijing.
        let scaffold = Scaffold(contentDirectory: Fixtures.validContent, now: Fixtures.instant("2024-08-10T20:00:00Z"))
        #expect(try scaffold.file(.notice, title: "通知").text.contains("date: 2024-08-11  #"))
    }

    @Test(arguments: ["第二版: 修订说明", "#1 号通知", "2024", "'引号'开头的标题", "“好网民”主题活动 - 续"])
    func titlesThatNeedQuotingReadBackUnchanged(_ title: String) throws {
        let copy = try SiteCopy(of: Fixtures.validContent)
        let path = try Scaffold(contentDirectory: copy.path, now: Self.now).create(.notice, title: title)
        var diagnostics = Diagnostics()
        let relative = String(path.dropFirst(copy.path.count + 1))
        let notice = Notice.load(relative, in: ContentDirectory(root: copy.path), diagnostics: &diagnostics)
        #expect(notice?.title == title)
        #expect(diagnostics.items.isEmpty, "\(diagnostics.sorted.map(\.summaryLine))")
    }

    // MARK: - The command

    @Test func theCommandPrintsThePathAndRefusesToOverwrite() throws {
        let copy = try SiteCopy(of: Fixtures.validContent)
        let arguments = ["new", "notice", "关于召开推进会的通知", "--content", copy.path, "--now", "2024-08-10T09:00:00+08:00"]
        let first = try CommandLineTests.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == copy.path + "/notices/guan-yu-zhao-kai-tui-jin-hui-de-tong-zhi.md\n")

        let second = try CommandLineTests.run(arguments)
        #expect(second.status == 1)
        #expect(second.stdout.isEmpty)
        #expect(second.stderr.contains("已经存在，没有覆盖它"))
    }

    @Test func usageErrorsExitTwo() throws {
        let content = Fixtures.scratch().path
        #expect(try CommandLineTests.run(["new", "memo", "标题", "--content", content]).status == 2)
        #expect(try CommandLineTests.run(["new", "notice", "--content", content]).status == 2)
        #expect(try CommandLineTests.run(["new", "notice", "  ", "--content", content]).status == 2)
        #expect(try CommandLineTests.run(["new", "notice", "标题", "--now", "tomorrow", "--content", content]).status == 2)
        #expect(Fixtures.files(in: URL(fileURLWithPath: content)).isEmpty)
    }
}
