import Foundation
import Testing
@testable import HeraldCore

@Suite struct ExactNumberTests {
    private func number(_ text: String) -> ExactNumber { ExactNumber(Decimal(string: text)!) }

    @Test func roundsHalfUpAtTheThirdDecimal() {
        #expect(number("89.125").rounded() == "89.13")
        #expect(number("2.675").rounded() == "2.68", "a binary double would give 2.67")
        #expect(number("1.005").rounded() == "1.01")
        #expect(number("88.384").rounded() == "88.38")
        #expect(number("0.005").rounded() == "0.01")
        #expect(ExactNumber(100).rounded() == "100.00")
    }

    @Test func keepsThirdsExact() throws {
        let divided = ExactNumber(1) / ExactNumber(3)
        let third = try #require(divided)
        #expect(third * ExactNumber(3) == ExactNumber(1))
        #expect(third.description == "1/3")
        #expect(third.rounded() == "0.33")
        #expect(number("88.5").description == "88.5")
    }
}

/// Hand-computed cases on the contest fixture (weights: rematch 40/60, final 80/6/7/7 with one highest
/// and one lowest judge score dropped; advance 3; top 2).
@Suite struct ScoringTests {
    private func scores(_ site: SiteCopy) -> (ContestScores?, Diagnostics) {
        let result = BuildPipeline(options: BuildOptions(contentDirectory: site.path, layoutsDirectory: nil,
                                                         now: Fixtures.instant("2024-10-01"))).check()
        return (result.scores, result.diagnostics)
    }

    private func total(_ scores: ContestScores?, _ id: String) -> String? {
        scores?.rematch(for: id)?.total.rounded()
    }

    @Test func rematchTotalsOnTheFixture() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let (scores, diagnostics) = scores(site)
        #expect(!diagnostics.hasErrors)
        // hf-001: judges (92+88.5+90+91+89)/5 = 90.1; votes 12873/15000×100 = 85.82;
        //         0.4×85.82 + 0.6×90.1 = 34.328 + 54.06 = 88.388 → 88.39
        #expect(total(scores, "hf-001") == "88.39")
        #expect(scores?.rematch(for: "hf-001")?.total == ExactNumber(Decimal(string: "88.388")!), "exact, not rounded")
        // pw-001: most votes → 100; judges 82; 40 + 49.2 = 89.2 → rank 1
        #expect(total(scores, "pw-001") == "89.20")
        // cr-001: 7000/15000×100 = 140/3; 0.4×140/3 + 0.6×88 = 56/3 + 52.8 = 71.4666… → 71.47
        #expect(total(scores, "cr-001") == "71.47")
        #expect(scores?.rematch.map(\.contestant.id) == ["pw-001", "hf-001", "hf-002", "cr-001", "gd-001"])
        #expect(scores?.rematch.filter(\.advanced).map(\.contestant.id) == ["pw-001", "hf-001", "hf-002"])
        #expect(scores?.popularity.map(\.contestant.id) == ["pw-001"])
    }

    @Test func equalTotalsAreBrokenByTheJudgeScore() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        // A: votes 10000 (max → 100), judges 80 → 40 + 48 = 88.
        // B: votes 7000 (→ 70), judges 100 → 28 + 60 = 88: same total, higher judge score → B first.
        try site.write("contest/results/rematch.yml", """
            published_at: 2024-08-20T10:00:00+08:00
            entries:
              - {id: hf-001, votes: 10000, judges: [80]}
              - {id: hf-002, votes: 7000, judges: [100]}
              - {id: gd-001, votes: 1, judges: [10]}
              - {id: pw-001, votes: 1, judges: [9]}
              - {id: cr-001, votes: 1, judges: [8]}
            """)
        let (scores, diagnostics) = scores(site)
        #expect(!diagnostics.hasErrors && diagnostics.warningCount == 0)
        #expect(total(scores, "hf-001") == "88.00" && total(scores, "hf-002") == "88.00")
        #expect(scores?.rematch.prefix(2).map(\.contestant.id) == ["hf-002", "hf-001"])
        #expect(scores?.rematch.prefix(2).map(\.rank) == [1, 2])
    }

    @Test func aTieThatSurvivesSharesTheRankWithAWarning() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.write("contest/results/rematch.yml", """
            published_at: 2024-08-20T10:00:00+08:00
            entries:
              - {id: hf-001, votes: 100, judges: [90]}
              - {id: hf-002, votes: 50, judges: [80]}
              - {id: gd-001, votes: 50, judges: [80]}
              - {id: pw-001, votes: 10, judges: [70]}
              - {id: cr-001, votes: 10, judges: [60]}
            """)
        let (scores, diagnostics) = scores(site)
        #expect(!diagnostics.hasErrors)
        #expect(scores?.rematch.map(\.rank) == [1, 2, 2, 4, 5], "1, 2, 2, 4")
        let warnings = diagnostics.sorted.filter { $0.severity == .warning }
        #expect(warnings.count == 2)
        #expect(warnings.allSatisfy { $0.message.contains("并列第 2 名") })
    }

    @Test func aTieAcrossTheAdvancementCutSharesTheRankAndIsAWarning() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        // advance: 3 — third and fourth place are tied on every key.
        try site.write("contest/results/rematch.yml", """
            published_at: 2024-08-20T10:00:00+08:00
            entries:
              - {id: hf-001, votes: 100, judges: [90]}
              - {id: hf-002, votes: 90, judges: [90]}
              - {id: gd-001, votes: 50, judges: [80]}
              - {id: pw-001, votes: 50, judges: [80]}
              - {id: cr-001, votes: 10, judges: [60]}
            """)
        let (scores, diagnostics) = scores(site)
        #expect(!diagnostics.hasErrors)
        let cut = diagnostics.sorted.filter { $0.message.contains("跨过了晋级决赛的第 3 名") }
        #expect(cut.map(\.location.line) == [5, 6] && cut.allSatisfy { $0.severity == .warning && $0.message.contains("共 4 人") })
        let rows = scores?.rematch ?? []
        #expect(rows.filter(\.advanced).map(\.contestant.id).sorted() == ["gd-001", "hf-001", "hf-002", "pw-001"])
        #expect(rows.first { $0.contestant.id == "gd-001" }?.rank == 3 && rows.first { $0.contestant.id == "pw-001" }?.rank == 3)
        #expect(rows.first { $0.contestant.id == "cr-001" }?.rank == 5)
    }

    @Test func aThousandsSeparatorInVotesIsAnError() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/results/rematch.yml", "{id: hf-001, votes: 12873,", with: "{id: hf-001, votes: 12,873,")
        let (_, diagnostics) = scores(site)
        let error = try #require(diagnostics.sorted.first { $0.severity == .error })
        #expect(error.location.line == 3 && error.message.contains("“873”被当成了字段") && error.hint?.contains("千位分隔符") == true)
    }

    @Test func aTieForThePopularityAwardGivesItToBoth() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/results/rematch.yml", "{id: hf-001, votes: 12873,", with: "{id: hf-001, votes: 15000,")
        let (scores, diagnostics) = scores(site)
        #expect(!diagnostics.hasErrors)
        #expect(scores?.popularity.map(\.contestant.id).sorted() == ["hf-001", "pw-001"])
        #expect(diagnostics.sorted.contains { $0.severity == .warning && $0.message.contains("最佳人气职工歌手的名额 1：并列者都获奖，共 2 人") })
    }

    @Test func finalTotalsAwardsAndQuizTieBreak() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        // Finalists: pw-001 (rematch 89.2), hf-001 (88.388), hf-002 (76.2).
        // pw-001: judges drop 90 and 98 → (93+94+95)/3 = 94; 0.8×94 + 0.06×89.2 + 0.07×90 + 0.07×85
        //         = 75.2 + 5.352 + 6.3 + 5.95 = 92.802 → 92.80
        // hf-001: judges drop 80 and 99 → (94+95+96)/3 = 95; 0.8×95 + 0.06×88.388 + 0.07×80 + 0.07×90
        //         = 76 + 5.30328 + 5.6 + 6.3 = 93.20328 → 93.20, first
        // hf-002: judges drop one 90 each side → 90; 72 + 0.06×76.2 + 0.07×90 + 0.07×90 = 72 + 4.572 + 12.6
        //         = 89.172 → 89.17
        try site.write("contest/results/final.yml", """
            published_at: 2024-09-16T10:00:00+08:00
            entries:
              - {id: pw-001, judges: [93, 94, 95, 90, 98], quiz: 90, talent: 85}
              - {id: hf-001, judges: [94, 95, 96, 80, 99], quiz: 80, talent: 90}
              - {id: hf-002, judges: [90, 90, 90, 90, 90], quiz: 90, talent: 90}
            organization_awards: [hefei]
            """)
        let (scores, diagnostics) = scores(site)
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted.map(\.summaryLine))")
        let final = try #require(scores?.final)
        #expect(final.map(\.contestant.id) == ["hf-001", "pw-001", "hf-002"])
        #expect(final.map { $0.total.rounded() } == ["93.20", "92.80", "89.17"])
        #expect(final.first?.total == ExactNumber(Decimal(string: "93.20328")!))
        #expect(final.map(\.award) == [.top, .top, .excellent], "awards.top is 2 in the fixture")
        #expect(scores?.organizationAwards.map(\.id) == ["hefei"])
    }

    @Test func finalTieIsBrokenByJudgesThenQuiz() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        // pw-001 and hf-001 get equal totals and equal judge scores (90); the quiz decides.
        // pw-001: 0.8×90 + 0.06×89.2 + 0.07×80 + 0.07×90 = 72 + 5.352 + 5.6 + 6.3 = 89.252
        // hf-001: 0.8×90 + 0.06×88.388 + 0.07×(q + t) must equal 89.252 → 0.07×(q + t) = 11.94872
        //         → q + t = 170.696: quiz 90, talent 80.696. Quiz 90 > 80, so hf-001 ranks first.
        try site.write("contest/results/final.yml", """
            published_at: 2024-09-16T10:00:00+08:00
            entries:
              - {id: pw-001, judges: [90, 90, 90], quiz: 80, talent: 90}
              - {id: hf-001, judges: [90, 90, 90], quiz: 90, talent: 80.696}
              - {id: hf-002, judges: [10, 10, 10], quiz: 10, talent: 10}
            """)
        let (scores, diagnostics) = scores(site)
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted.map(\.summaryLine))")
        let final = try #require(scores?.final)
        #expect(final[0].total == final[1].total && final[0].judgeScore == final[1].judgeScore)
        #expect(final.prefix(2).map(\.contestant.id) == ["hf-001", "pw-001"])
        #expect(final.prefix(2).map(\.rank) == [1, 2])
    }

    @Test func finalistWithoutAFinalScoreAndNonFinalistWithOne() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.write("contest/results/final.yml", """
            published_at: 2024-09-16T10:00:00+08:00
            entries:
              - {id: pw-001, judges: [90, 90, 90], quiz: 80, talent: 90}
              - {id: hf-001, judges: [90, 90, 90], quiz: 90, talent: 80}
              - {id: gd-001, judges: [90, 90, 90], quiz: 90, talent: 80}
            """)
        let (_, diagnostics) = scores(site)
        let messages = diagnostics.sorted.filter { $0.severity == .error }.map(\.message)
        #expect(messages.contains { $0.contains("赵一（gd-001）未晋级决赛，却登记了决赛成绩") })
        #expect(messages.contains { $0.contains("决赛选手 李红（hf-002）没有决赛成绩") })
    }

    @Test func missingVotesAndOutOfRangeScoresAreErrors() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/results/rematch.yml", "{id: gd-001, votes: 5000, judges: [90, 90, 90, 90, 90]}",
                         with: "{id: gd-001, judges: [90, 90, 90, 90, 90]}")
        try site.replace(in: "contest/results/rematch.yml", "judges: [88, 88, 88, 88, 88]", with: "judges: [88, 88, 101, 88, 88]")
        let (_, diagnostics) = scores(site)
        let errors = diagnostics.sorted.filter { $0.severity == .error }
        #expect(errors.count == 2, "\(errors.map(\.summaryLine))")
        #expect(errors[0].location.line == 5 && errors[0].message.contains("缺少网络投票数"))
        #expect(errors[1].location.line == 7 && errors[1].message.contains("超出范围 0–100"))
    }
}

@Suite struct ScoreReportTests {
    private func report() throws -> ScoreReport {
        let result = BuildPipeline(options: BuildOptions(contentDirectory: Fixtures.contestContent, layoutsDirectory: nil)).check()
        return ScoreReport(contest: try #require(result.campaign?.contest), scores: try #require(result.scores))
    }

    @Test func explainShowsTheArithmetic() throws {
        let text = try #require(try report().explain("cr-001"))
        #expect(text.contains("7000 ÷ 15000（最高票数）× 100 = 140/3 ≈ 46.67"))
        #expect(text.contains("40% × 140/3 + 60% × 88 = 1072/15 → 71.47"))
    }

    @Test func csvOpensInASpreadsheet() throws {
        let data = try report().csv(.rematch)
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 byte-order mark")
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("名次,编号,姓名,单位,票数,投票分,评委分,总分,结果\r\n"))
        #expect(text.contains("1,pw-001,钱二,安徽省电力工会,15000,100.00,82.00,89.20,晋级决赛、最佳人气\r\n"))
    }

    /// Machines read the figures by SPEC's names; people's headings come along as labels.
    @Test func jsonNamesTheFiguresAsSPECDoes() throws {
        let json = try report().json(.rematch)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let entries = try #require(object["entries"] as? [[String: Any]])
        let first = try #require(entries.first)
        #expect(first["id"] as? String == "pw-001" && first["rank"] as? Int == 1)
        let components = try #require(first["components"] as? [String: [String: String]])
        #expect(Set(components.keys) == ["votes", "vote_score", "judge_score"])
        #expect(components["vote_score"] == ["label": "投票分", "display": "100.00", "exact": "100"])
        #expect((first["total"] as? [String: String])?["display"] == "89.20")
    }

    @Test func tableListsEveryContestantInRankOrder() throws {
        let lines = try report().table(.rematch).split(separator: "\n")
        #expect(lines.filter { $0.contains("-0") }.map { String($0.split(separator: " ", omittingEmptySubsequences: true)[1]) }
            == ["pw-001", "hf-001", "hf-002", "cr-001", "gd-001"])
    }
}
