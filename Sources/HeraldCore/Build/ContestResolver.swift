import Foundation

/// Resolves the contest for one build: the current stage, and which results are public as of `now`.
struct ContestResolver {
    let contest: Contest
    let scores: ContestScores?
    let clock: PublicationClock
    let renderer: MarkdownRenderer

    func resolve(links: inout LinkMapper, sources: inout [SitePath: String],
                 diagnostics: inout Diagnostics) -> ResolvedContest {
        let zone = clock.timeZone
        let current = contest.rules.stages.first { $0.contains(clock.now, in: zone) }
        var results: [PublishedResults] = []
        for file in contest.results {
            guard let round = ScoreReport.Round(rawValue: file.round) else { continue }
            let visibility = clock.visibility(draft: false, publishAt: file.publishedAt)
            guard visibility != .hidden, let publishedAt = file.publishedAt else { continue }
            let path = SiteRoutes.results(round)
            sources[path] = file.file
            var prefaceHTML = ""
            if let preface = file.preface {
                prefaceHTML = links.render(preface.page, at: path, with: renderer, diagnostics: &diagnostics)
            }
            let defaultTitle = round == .rematch ? "\(contest.rules.name)复赛结果公示" : "\(contest.rules.name)决赛成绩及获奖名单"
            let published = clock.instant(publishedAt)
            results.append(PublishedResults(
                round: round, path: path, visibility: visibility,
                title: file.preface?.title ?? defaultTitle,
                docNumber: file.preface?.docNumber,
                issuers: file.preface.map(\.issuers).flatMap { $0.isEmpty ? nil : $0 } ?? [contest.rules.organizer ?? contest.rules.name],
                date: file.preface?.date.map(clock.instant) ?? published,
                publishedAt: published,
                prefaceHTML: prefaceHTML,
                summary: prefaceHTML.isEmpty ? Self.summary(round, scores: scores, contest: contest) : renderer.summary(of: prefaceHTML),
                source: file.file))
        }
        results.sort { $0.round == .rematch && $1.round == .final }
        var bios: [String: String] = [:]
        for contestant in contest.contestants {
            guard let bio = contestant.bio else { continue }
            let path = SiteRoutes.singer(contestant.id)
            sources[path] = contestant.location.file
            let page = PageSource(relativePath: contestant.location.file, file: contestant.location.file, body: bio,
                                  bodyFirstLine: contestant.location(of: "bio").line, slug: contestant.id,
                                  slugLocation: contestant.location, layout: nil, layoutLocation: contestant.location,
                                  draft: false)
            bios[contestant.id] = links.render(page, folder: "contest/contestants", at: path, with: renderer,
                                               diagnostics: &diagnostics)
        }
        for contestant in contest.contestants where bios[contestant.id] == nil {
            sources[SiteRoutes.singer(contestant.id)] = contestant.location.file
        }
        let lastDay = contest.rules.stages.compactMap(\.until).max { $0.dayNumber < $1.dayNumber }
        let ended = lastDay.map { clock.now > $0.instant(in: zone, endOfDay: true) } ?? false

        let rematchPublic = results.contains { $0.round == .rematch }
        let finalPublic = results.contains { $0.round == .final }
        return ResolvedContest(
            rules: contest.rules, units: contest.units, contestants: contest.contestants,
            currentStage: current?.key,
            endedStages: Set(contest.rules.stages.filter { $0.hasEnded(by: clock.now, in: zone) }.map(\.key)),
            votingOpen: current?.key == "rematch" && contest.rules.voteURL != nil,
            results: results,
            rematch: rematchPublic ? scores?.rematch ?? [] : [],
            final: finalPublic ? scores?.final ?? [] : [],
            popularity: finalPublic ? scores?.popularity ?? [] : [],
            organizationAwards: finalPublic ? scores?.organizationAwards ?? [] : [],
            bios: bios, contestEnded: ended, source: contest)
    }

    private static func summary(_ round: ScoreReport.Round, scores: ContestScores?, contest: Contest) -> String {
        switch round {
        case .rematch:
            let count = scores?.rematch.filter(\.advanced).count ?? 0
            return "\(contest.rules.name)复赛（网络投票和评委打分）结果公布，\(count) 名选手晋级决赛。"
        case .final:
            return "\(contest.rules.name)决赛成绩公布：十大职工歌手、优秀歌手、最佳人气职工歌手和优秀组织奖获奖名单。"
        }
    }
}
