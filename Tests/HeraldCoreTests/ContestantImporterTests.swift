import Foundation
import Testing
import Yams
@testable import HeraldCore

/// `herald import contestants`: a unit's spreadsheet into `contest/contestants/UNIT.yml`, in a copy of the
/// contest fixture (hefei: hf-001, hf-002; power: pw-001; guangde: gd-001; chery: cr-001).
@Suite struct ContestantImporterTests {
    static let importFixtures = Fixtures.root.appendingPathComponent("import")

    /// Imports `csv` (written next to the copy's content/ folder) into `unit`.
    private func run(_ csv: String, unit: String, in site: SiteCopy, name: String = "报名表.csv") throws -> (ContestantImport, String) {
        let path = site.content.deletingLastPathComponent().appendingPathComponent(name).path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        return (ContestantImporter(contentDirectory: site.path, unit: unit).run(csv: path), path)
    }

    private func runFixture(_ name: String, unit: String, in site: SiteCopy) -> ContestantImport {
        ContestantImporter(contentDirectory: site.path, unit: unit).run(csv: Self.importFixtures.appendingPathComponent(name).path)
    }

    private func text(_ site: SiteCopy, _ relativePath: String) -> String {
        (try? String(contentsOfFile: site.file(relativePath), encoding: .utf8)) ?? ""
    }

    private func contestants(_ site: SiteCopy, _ relativePath: String) throws -> [[String: Any]] {
        let loaded = try Yams.load(yaml: text(site, relativePath)) as? [String: Any]
        return try #require(loaded?["contestants"] as? [[String: Any]])
    }

    private func errors(_ report: ContestantImport) -> [Diagnostic] {
        report.diagnostics.sorted.filter { $0.severity == .error }
    }

    // MARK: - Encodings

    /// The three roster fixtures hold the same sheet: a padded `姓　名` header, a quoted two-line bio.
    private func expectRoster(_ report: ContestantImport, _ site: SiteCopy,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))", sourceLocation: sourceLocation)
        #expect(report.diagnostics.sorted.isEmpty, "\(report.diagnostics.sorted.map(\.summaryLine))", sourceLocation: sourceLocation)
        #expect(report.entries.map(\.id) == ["pw-002", "pw-003"], sourceLocation: sourceLocation)
        #expect(report.entries.map(\.line) == [2, 4], "the bio's line break moves 吴六 to line 4", sourceLocation: sourceLocation)
        let entries = try contestants(site, "contest/contestants/power.yml")
        #expect(entries.count == 3, sourceLocation: sourceLocation)
        #expect(entries[1]["name"] as? String == "周五", sourceLocation: sourceLocation)
        #expect(entries[1]["employer"] as? String == "国网合肥供电公司", sourceLocation: sourceLocation)
        #expect(entries[1]["bio"] as? String == "在变电站值守十年。\n业余爱好唱歌。", sourceLocation: sourceLocation)
        #expect(entries[1]["copyright_reserved"] as? Bool == false, sourceLocation: sourceLocation)
        #expect(entries[2]["name"] as? String == "吴六", sourceLocation: sourceLocation)
        #expect(entries[2]["song"] as? String == "歌唱祖国", sourceLocation: sourceLocation)
        #expect(entries[2]["phone"] as? String == "013900000012", sourceLocation: sourceLocation)
        #expect(entries[2]["copyright_reserved"] as? Bool == true, sourceLocation: sourceLocation)
    }

    @Test func utf8WithByteOrderMark() throws {
        let data = try Data(contentsOf: Self.importFixtures.appendingPathComponent("roster-utf8-bom.csv"))
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]), "the fixture is Excel's “CSV UTF-8”, with CR LF")
        guard case .success(let decoded) = TextDecoding.decode(data) else { Issue.record("not decoded"); return }
        #expect(decoded.encoding == .utf8WithBOM)
        #expect(decoded.text.hasPrefix("姓　名,"), "the mark is removed, not left in the first header")

        let site = try SiteCopy(of: Fixtures.contestContent)
        let report = runFixture("roster-utf8-bom.csv", unit: "power", in: site)
        #expect(report.encoding == .utf8WithBOM)
        try expectRoster(report, site)
    }

    @Test func utf8WithoutByteOrderMark() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let report = runFixture("roster-utf8.csv", unit: "power", in: site)
        #expect(report.encoding == .utf8)
        try expectRoster(report, site)
    }

    @Test func gb18030() throws {
        let data = try Data(contentsOf: Self.importFixtures.appendingPathComponent("roster-gb18030.csv"))
        // Made with `iconv -f UTF-8 -t GB18030`: these bytes must not also be valid UTF-8, or the test proves nothing.
        #expect(String(validating: [UInt8](data), as: UTF8.self) == nil)

        let site = try SiteCopy(of: Fixtures.contestContent)
        let report = runFixture("roster-gb18030.csv", unit: "power", in: site)
        #expect(report.encoding == .gb18030)
        try expectRoster(report, site)
    }

    @Test func neitherEncodingIsAnErrorNamingTheFile() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let path = site.content.deletingLastPathComponent().appendingPathComponent("名单.csv").path
        try Data([0x81, 0x30, 0xFF, 0xFE, 0x41]).write(to: URL(fileURLWithPath: path))   // broken GB18030, no UTF-8
        let report = ContestantImporter(contentDirectory: site.path, unit: "power").run(csv: path)
        let error = try #require(errors(report).first)
        #expect(error.location.file == path)
        #expect(error.message.contains("名单.csv") && error.message.contains("GBK/GB18030"))
        #expect(report.file == nil)
    }

    // MARK: - Merging

    @Test func mergingKeepsTheExistingFileByteForByte() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/contestants/hefei.yml", "unit: hefei\n", with: "# 合肥市总工会 2024-07-31 报送\nunit: hefei   # 不要改\n")
        try site.replace(in: "contest/contestants/hefei.yml", "  - id: hf-002\n", with: "  # 第二位：待补书面声明\n  - id: hf-002\n")
        try site.replace(in: "contest/contestants/hefei.yml", "    id_number: \"340101199202020022\"\n",
                         with: "    id_number: \"340101199202020022\"\n# 文件末尾的注释\n")
        let before = try Data(contentsOf: URL(fileURLWithPath: site.file("contest/contestants/hefei.yml")))

        let (report, _) = try run("姓名,工作单位,参赛曲目\n孙七,合肥市公交集团,走进新时代\n", unit: "hefei", in: site)
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))")
        #expect(report.createdFile == false)
        let after = try Data(contentsOf: URL(fileURLWithPath: site.file("contest/contestants/hefei.yml")))
        #expect(after.starts(with: before), "everything that was there stays, comments included")
        let added = String(decoding: after.dropFirst(before.count), as: UTF8.self)
        #expect(added == """
              # 以下 1 名由 herald import 从 报名表.csv 导入
              - id: hf-003
                name: 孙七
                employer: 合肥市公交集团
                song: 走进新时代
                video: media/hefei/hf-003.mp4
                cover: media/hefei/hf-003.jpg
                performers: 1

            """)
        let entries = try contestants(site, "contest/contestants/hefei.yml")
        #expect(entries.map { $0["id"] as? String } == ["hf-001", "hf-002", "hf-003"])
        #expect(report.missingMedia == [site.file("media/hefei/hf-003.mp4"), site.file("media/hefei/hf-003.jpg")])
    }

    @Test func appendsWithTheFilesOwnIndentation() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.write("contest/contestants/power.yml", """
            unit: power
            contestants:
            - id: pw-001
              name: 钱二
              song: 天耀中华
              video: media/singers/rotated.mp4
              cover: media/singers/cover.jpg
            """)   // no line break at the end either
        let (report, _) = try run("姓名,参赛曲目\n孙七,走进新时代\n", unit: "power", in: site)
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))")
        #expect(text(site, "contest/contestants/power.yml").contains("cover: media/singers/cover.jpg\n# 以下 1 名由 herald import 从 报名表.csv 导入\n- id: pw-002\n  name: 孙七\n"))
        #expect(try contestants(site, "contest/contestants/power.yml").count == 2)
    }

    @Test func aNewUnitFileGetsAHeaderAndTheUnitsIDAsPrefix() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/units.yml", "- {id: chery,", with: "- {id: wuhu, name: 芜湖市总工会, kind: city}\n- {id: chery,")
        let (report, _) = try run("姓名,参赛曲目\n孙七,走进新时代\n", unit: "wuhu", in: site, name: "wuhu.csv")
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))")
        #expect(report.createdFile)
        #expect(text(site, "contest/contestants/wuhu.yml").hasPrefix("# 由 herald import 从 wuhu.csv 导入\nunit: wuhu\ncontestants:\n  - id: wuhu-001\n"))
    }

    @Test func generatedIDsContinueTheUnitsPrefixAndAreUniqueInTheWholeContest() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        // Another unit already used hf-003 (by mistake): the next hefei id must skip it.
        try site.replace(in: "contest/contestants/power.yml", "id: pw-001", with: "id: hf-003")
        try site.replace(in: "contest/results/rematch.yml", "id: pw-001", with: "id: hf-003")
        let (report, _) = try run("""
            姓名,编号,参赛曲目
            甲,,歌一
            乙,hf-009,歌二
            丙,,歌三
            """, unit: "hefei", in: site)
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))")
        #expect(report.entries.map(\.id) == ["hf-004", "hf-009", "hf-005"],
                "after the highest number in the files; an id from the sheet is kept and skipped")
    }

    // MARK: - Conflicts

    @Test func conflictsAreErrorsAtTheirCSVLinesAndNothingIsWritten() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/units.yml", "- {id: chery,", with: "- {id: wuhu, name: 芜湖市总工会, kind: city}\n- {id: chery,")
        let hefeiBefore = text(site, "contest/contestants/hefei.yml")
        let (report, csv) = try run("""
            编号,姓名,工作单位,参赛曲目,简介
            hf-001,新人,某厂,歌一,"两行
            简介"
            ,钱二,国网安徽省电力有限公司,歌二,
            ,孙七,芜湖某厂,歌三,
            ,孙 七,芜湖某厂 ,歌四,
            wh-001,周八,,歌五,
            wh-001,吴九,,歌六,
            ,王小明,合肥市某某物流有限公司,歌七,
            """, unit: "wuhu", in: site)
        let found = errors(report)
        #expect(found.allSatisfy { $0.location.file == csv && $0.location.column == 1 })
        #expect(found.map(\.location.line) == [2, 4, 6, 8, 9], "\(found.map(\.summaryLine))")
        #expect(found[0].message.contains("hf-001") && found[0].message.contains(site.file("contest/contestants/hefei.yml") + ":3"))
        #expect(found[1].message.contains("钱二") && found[1].message.contains(site.file("contest/contestants/power.yml") + ":3"))
        #expect(found[2].message.contains("本表第 5 行"), "the same person, despite spaces and width")
        #expect(found[3].message.contains("wh-001") && found[3].message.contains("本表第 7 行"))
        #expect(found[4].message.contains(site.file("contest/contestants/hefei.yml") + ":3"))
        #expect(report.file == nil && report.entries.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: site.file("contest/contestants/wuhu.yml")), "all or nothing")
        #expect(text(site, "contest/contestants/hefei.yml") == hefeiBefore)
    }

    @Test func conflictsWithinTheTargetFileWriteNothingEither() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let before = text(site, "contest/contestants/hefei.yml")
        let (report, _) = try run("姓名,工作单位,参赛曲目\n孙七,某厂,歌\n李红,合肥市第一人民医院,我爱你中国\n", unit: "hefei", in: site)
        #expect(errors(report).map(\.location.line) == [3])
        #expect(errors(report).first?.message.contains(site.file("contest/contestants/hefei.yml") + ":16") == true)
        #expect(text(site, "contest/contestants/hefei.yml") == before)
    }

    // MARK: - The sheet

    @Test func unknownColumnIsAWarningAndItsDataStaysOut() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let (report, csv) = try run("姓名,参赛曲目,家庭住址\n孙七,走进新时代,合肥市某路 1 号\n", unit: "power", in: site)
        #expect(report.succeeded)
        let warning = try #require(report.diagnostics.sorted.first { $0.severity == .warning })
        #expect(warning.location == SourceLocation(file: csv, line: 1, column: 1))
        #expect(warning.message.contains("家庭住址"))
        #expect(!text(site, "contest/contestants/power.yml").contains("某路"))
    }

    @Test func missingNameColumnIsAnErrorAtTheHeader() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let before = text(site, "contest/contestants/power.yml")
        let (report, csv) = try run("名字,参赛曲目\n孙七,走进新时代\n", unit: "power", in: site)
        let error = try #require(errors(report).first)
        #expect(errors(report).count == 1, "\(errors(report).map(\.summaryLine))")
        #expect(error.location == SourceLocation(file: csv, line: 1, column: 1))
        #expect(error.message.contains("姓名"))
        #expect(text(site, "contest/contestants/power.yml") == before)
    }

    @Test func aTitleRowAboveTheHeaderIsPointedOut() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let (report, _) = try run("安徽省电力工会职工歌手报名表,,\n姓名,参赛曲目\n孙七,走进新时代\n", unit: "power", in: site)
        #expect(errors(report).contains { $0.hint?.contains("第 2 行才像是表头") == true })
    }

    @Test func headersAreTrimmedAndEnglishIsCaseInsensitive() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let (report, _) = try run(" Name ,\u{3000}参赛曲目\u{3000},PHONE,,\n孙七,走进新时代,13900000001,,\n\n,,,,\n", unit: "power", in: site)
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))")
        #expect(report.diagnostics.sorted.isEmpty, "blank rows are skipped, a blank header without data is fine")
        #expect(report.entries.count == 1)
    }

    @Test func phoneAndIDNumberAreQuotedStrings() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let (report, _) = try run("姓名,参赛曲目,手机号,身份证号码\n\"Li: Na\",- 歌,13900000001,34010119900101001X\n",
                                  unit: "power", in: site)
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))")
        let file = text(site, "contest/contestants/power.yml")
        #expect(file.contains("    phone: \"13900000001\"\n"))
        #expect(file.contains("    id_number: \"34010119900101001X\"\n"))
        let added = try contestants(site, "contest/contestants/power.yml")[1]
        #expect(added["phone"] as? String == "13900000001", "a string, not the number 13900000001")
        #expect(added["name"] as? String == "Li: Na")
        #expect(added["song"] as? String == "- 歌")
    }

    @Test func badValuesAreErrorsAtTheirLines() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let (report, csv) = try run("""
            编号,姓名,参赛曲目,报送时间,演唱人数,书面声明
            HF 1,甲,歌,2024-07-01,1,否
            ,乙,歌,2024/7/1 25:00,1,否
            ,丙,歌,,两人,否
            ,丁,歌,,1,有
            ,,歌,,1,否
            ,戊,,,1,否
            ,"己,歌,,1,否
            ,庚,歌,,1,否
            """, unit: "power", in: site)
        // Line 8 opens a quote it never closes: the rest of the file becomes one name, which must not pass.
        #expect(Set(errors(report).map(\.location)) == Set((2...8).map { SourceLocation(file: csv, line: $0, column: 1) }),
                "\(errors(report).map(\.summaryLine))")
        #expect(errors(report).contains { $0.location.line == 8 && $0.message.contains("换行") })
        #expect(report.file == nil)
    }

    @Test func unknownUnitListsTheKnownOnes() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let (report, _) = try run("姓名,参赛曲目\n孙七,走进新时代\n", unit: "hefie", in: site)
        let error = try #require(errors(report).first)
        #expect(error.message.contains("hefie"))
        #expect(error.hint?.contains("hefei") == true && error.hint?.contains("chery") == true)
        #expect(!FileManager.default.fileExists(atPath: site.file("contest/contestants/hefie.yml")))
    }

    // MARK: - Files it will not touch

    @Test func refusesWhenContestantsIsNotTheLastKey() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.write("contest/contestants/power.yml", """
            contestants:
              - {id: pw-001, name: 钱二, song: 天耀中华, video: media/singers/rotated.mp4, cover: media/singers/cover.jpg}
            unit: power

            """)
        let before = text(site, "contest/contestants/power.yml")
        let (report, _) = try run("姓名,参赛曲目\n孙七,走进新时代\n", unit: "power", in: site)
        let error = try #require(errors(report).first)
        #expect(error.location == SourceLocation(file: site.file("contest/contestants/power.yml"), line: 1, column: 1))
        #expect(error.message.contains("不是文件中最后一个字段"))
        #expect(text(site, "contest/contestants/power.yml") == before)
    }

    @Test func refusesAFlowList() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.write("contest/contestants/power.yml", """
            unit: power
            contestants: [{id: pw-001, name: 钱二, song: 天耀中华, video: media/singers/rotated.mp4, cover: media/singers/cover.jpg}]

            """)
        let before = text(site, "contest/contestants/power.yml")
        let (report, _) = try run("姓名,参赛曲目\n孙七,走进新时代\n", unit: "power", in: site)
        #expect(errors(report).first?.message.contains("方括号") == true, "\(errors(report).map(\.summaryLine))")
        #expect(text(site, "contest/contestants/power.yml") == before)
    }

    // MARK: - The result builds

    @Test func importedEntriesPassHeraldCheckOnceTheirMediaAreInPlace() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let (report, _) = try run("""
            姓名,工作单位,职业,参赛曲目,联系电话,报送时间,简介
            孙七,国网宣城供电公司,线路工,走进新时代,13900000001,2024-07-30 21:00,**巡线**路上也唱歌。
            """, unit: "power", in: site)
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))")
        #expect(report.missingMedia == [site.file("media/power/pw-002.mp4"), site.file("media/power/pw-002.jpg")])
        try FileManager.default.createDirectory(atPath: site.file("media/power"), withIntermediateDirectories: true)
        try site.copyMedia("portrait.mp4", to: "media/power/pw-002.mp4")
        try FileManager.default.copyItem(atPath: site.file("media/singers/cover.jpg"), toPath: site.file("media/power/pw-002.jpg"))

        let diagnostics = site.check().sorted
        #expect(!diagnostics.contains { $0.severity == .error }, "\(diagnostics.map(\.summaryLine))")
        #expect(!diagnostics.contains { $0.location.file == site.file("contest/contestants/power.yml") },
                "\(diagnostics.map(\.summaryLine))")
        let campaign = BuildPipeline(options: BuildOptions(contentDirectory: site.path, layoutsDirectory: nil,
                                                           now: Fixtures.instant("2024-08-10"))).check().campaign
        let added = try #require(campaign?.contest?.contestants.first { $0.id == "pw-002" })
        #expect(added.unit == "power" && added.name == "孙七" && added.performers == 1)
        #expect(added.submittedAt == CampaignDate(parsing: "2024-07-30 21:00"))
    }

    // MARK: - The command

    @Test func commandExitStatuses() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let csv = site.content.deletingLastPathComponent().appendingPathComponent("power.csv").path
        try "姓名,参赛曲目\n孙七,走进新时代\n".write(toFile: csv, atomically: true, encoding: .utf8)

        let imported = try CommandLineTests.run(["import", "contestants", csv, "--unit", "power", "--content", site.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("导入 1 名选手") && imported.stdout.contains("media/power/pw-002.mp4"))

        let again = try CommandLineTests.run(["import", "contestants", csv, "--unit", "power", "--content", site.path])
        #expect(again.status == 1)
        #expect(again.stderr.contains("\(csv):2:1: error: "))

        #expect(try CommandLineTests.run(["import", "contestants", csv, "--content", site.path]).status == 2, "no --unit")
        #expect(try CommandLineTests.run(["import", "projects", csv, "--unit", "power", "--content", site.path]).status == 2)
    }
}
