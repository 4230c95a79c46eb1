import Foundation

/// Builds the view values of the contest's pages from the resolved contest.
struct ContestPages {
    let contest: ResolvedContest
    let timeZone: TimeZone

    // MARK: - contest/

    func contestView(from base: SitePath) -> ContestView {
        let rules = contest.rules
        let now = contest.currentStage
        let stages = rules.stages.map { stage in
            StageView(title: stage.title, dates: dates(stage), isCurrent: stage.key == now,
                      isPast: stage.key != now && isPast(stage))
        }
        var submission: [String] = []
        let limits = rules.submission
        if let deadline = limits.deadline { submission.append("截稿时间：\(SubmissionChecker.describe(deadline))") }
        submission.append("视频格式：\(limits.formats.joined(separator: " 或 "))")
        if let aspect = limits.aspect { submission.append("须为\(aspect.height > aspect.width ? "竖屏" : "横屏")视频（\(aspect.width):\(aspect.height)）") }
        if let size = limits.maxSizeMB { submission.append("文件大小不超过 \(size) MB") }
        if let seconds = limits.maxDurationSeconds { submission.append("时长不超过 \(SubmissionChecker.minutes(Double(seconds)))") }
        if limits.soloOnly { submission.append("每名歌手只能参加一个节目，不接受合唱、对唱节目") }

        let quotas = UnitKind.allCases.compactMap { kind in rules.quotas[kind].map { QuotaView(label: kind.label, count: $0) } }
        var rounds: [String] = []
        if let capacity = rules.capacity { rounds.append("不超过 \(capacity) 名歌手进入复赛（网络投票）") }
        if !rules.rematch.weights.isEmpty {
            rounds.append("复赛成绩：" + weights(rules.rematch.weights) + (rules.advance.map { "，前 \($0) 名进入决赛" } ?? ""))
        }
        if !rules.final.weights.isEmpty { rounds.append("决赛成绩：" + weights(rules.final.weights)) }
        var awards: [String] = []
        if rules.awards.top > 0 { awards.append("十大职工歌手 \(rules.awards.top) 名，其他决赛选手为优秀歌手") }
        if rules.awards.popularity > 0 { awards.append("最佳人气职工歌手 \(rules.awards.popularity) 名（按网络投票）") }
        if rules.awards.organization > 0 { awards.append("优秀组织奖 \(rules.awards.organization) 个") }
        return ContestView(
            name: rules.name, organizer: rules.organizer, stages: stages, hasStages: !stages.isEmpty,
            currentStage: rules.stages.first { $0.key == now }?.title,
            submissionRules: submission, quotas: quotas, hasQuotas: !quotas.isEmpty,
            roundRules: rounds, awards: awards, votingOpen: contest.votingOpen, isOver: contest.contestEnded,
            resultsURL: base.relativeURL(to: SiteRoutes.results), hasResults: !contest.results.isEmpty,
            galleryURL: base.relativeURL(to: SiteRoutes.gallery),
            contestURL: base.relativeURL(to: SiteRoutes.contest))
    }

    private func weights(_ weights: [(component: String, weight: Decimal)]) -> String {
        let names = ["votes": "网络投票", "judges": "评委打分", "rematch": "复赛成绩", "quiz": "知识问答", "talent": "才艺展示"]
        return weights.map { "\(names[$0.component] ?? $0.component) \($0.weight)%" }.joined(separator: "、")
    }

    private func isPast(_ stage: ContestStage) -> Bool {
        contest.endedStages.contains(stage.key)
    }

    /// `即日起至2024年7月31日` (`截至2024年7月31日` once it is over), `2024年8月7日至8月16日`.
    private func dates(_ stage: ContestStage) -> String {
        func day(_ date: CampaignDate, withYear: Bool) -> String {
            (withYear ? "\(date.year)年" : "") + "\(date.month)月\(date.day)日"
        }
        switch (stage.from, stage.until) {
        case let (from?, until?):
            return day(from, withYear: true) + "至" + day(until, withYear: until.year != from.year)
        case let (nil, until?):
            return (isPast(stage) ? "截至" : "即日起至") + day(until, withYear: true)
        case let (from?, nil):
            return day(from, withYear: true) + "起"
        case (nil, nil):
            return ""
        }
    }

    // MARK: - contest/results/

    func resultsView(_ results: PublishedResults) -> ResultsView {
        let unitName = { (contestant: Contestant) in contest.unit(contestant.unit)?.name ?? contestant.unit }
        var advancing: [ResultRowView] = []
        var ranking: [ResultRowView] = []
        var groups: [AwardGroupView] = []
        let weights: String
        switch results.round {
        case .rematch:
            let rows = contest.rematch.map { result in
                ResultRowView(rank: rankLabel(result.rank, shared: result.isSharedRank), name: result.contestant.name,
                              unit: unitName(result.contestant), song: result.contestant.song,
                              votes: String(result.votes), voteScore: result.voteScore.rounded(),
                              judgeScore: result.judgeScore.rounded(), rematchTotal: nil, quiz: nil, talent: nil,
                              total: result.total.rounded(), outcome: result.advanced ? "晋级决赛" : nil)
            }
            ranking = rows
            advancing = rows.filter { $0.outcome != nil }
            weights = "总分 = " + self.weights(contest.rules.rematch.weights).replacingOccurrences(of: "、", with: " + ")
                + "；投票分 = 得票数 ÷ 最高得票数 × 100。分数四舍五入到两位小数，排名按未经舍入的总分。"
        case .final:
            ranking = contest.final.map { result in
                ResultRowView(rank: rankLabel(result.rank, shared: result.isSharedRank), name: result.contestant.name,
                              unit: unitName(result.contestant), song: result.contestant.song,
                              votes: nil, voteScore: nil, judgeScore: result.judgeScore.rounded(),
                              rematchTotal: result.rematchTotal.rounded(), quiz: result.quiz.rounded(),
                              talent: result.talent.rounded(), total: result.total.rounded(), outcome: result.award.title)
            }
            let named = { (contestant: Contestant) in "\(contestant.name)（\(unitName(contestant))）" }
            groups = [
                AwardGroupView(title: "十大职工歌手", names: contest.final.filter { $0.award == .top }.map { named($0.contestant) }),
                AwardGroupView(title: "优秀歌手", names: contest.final.filter { $0.award == .excellent }.map { named($0.contestant) }),
                AwardGroupView(title: "最佳人气职工歌手", names: contest.popularity.map { named($0.contestant) }),
                AwardGroupView(title: "优秀组织奖", names: contest.organizationAwards.map(\.name)),
            ].filter { !$0.names.isEmpty }
            weights = "总分 = " + self.weights(contest.rules.final.weights).replacingOccurrences(of: "、", with: " + ")
                + (contest.rules.final.judgesTrim > 0 ? "；评委打分去掉 \(contest.rules.final.judgesTrim) 个最高分和 \(contest.rules.final.judgesTrim) 个最低分后取平均" : "")
                + "。分数四舍五入到两位小数，排名按未经舍入的总分。"
        }
        return ResultsView(
            title: results.title, docNumber: results.docNumber, issuers: results.issuers,
            date: ChineseFormat.date(results.date, in: timeZone), isoDate: ChineseFormat.isoDay(results.date, in: timeZone),
            preface: results.prefaceHTML, isRematch: results.round == .rematch, isFinal: results.round == .final,
            advancing: advancing, hasAdvancing: !advancing.isEmpty, ranking: ranking,
            awardGroups: groups, hasAwards: !groups.isEmpty, weightsNote: weights)
    }

    private func rankLabel(_ rank: Int, shared: Bool) -> String { shared ? "\(rank)（并列）" : "\(rank)" }

    func resultsIndexView(from base: SitePath) -> ResultsIndexView {
        let notices = contest.results.map { summaryView($0, from: base) }
        return ResultsIndexView(contestName: contest.rules.name, notices: notices, hasNotices: !notices.isEmpty,
                                contestURL: base.relativeURL(to: SiteRoutes.contest))
    }

    /// A results notice as lists show it (the results index, the home page's 最新通知).
    func summaryView(_ results: PublishedResults, from base: SitePath) -> NoticeSummaryView {
        NoticeSummaryView(title: results.title, href: base.relativeURL(to: results.path),
                          date: ChineseFormat.date(results.date, in: timeZone),
                          isoDate: ChineseFormat.isoDay(results.date, in: timeZone), docNumber: results.docNumber,
                          issuers: results.issuers.joined(separator: "　"), summary: results.summary,
                          preview: results.visibility == .preview)
    }
}
