import Foundation

/// Turns the results files into exact rankings, advancement and awards, as SPEC's *Scoring* says:
/// trimmed judge means, `vote_scale: max`, weighted totals in percent, ties broken by the judge score and
/// then the vote score (rematch) or the quiz (final); ties that survive share a rank and are warned
/// about; a tie at the advancement or award cut-off is an error for the committee to settle.
struct Scorer {
    let contest: Contest

    func score(into diagnostics: inout Diagnostics) -> ContestScores {
        var scores = ContestScores()
        scores.rematchFile = contest.results.first { $0.round == "rematch" }
        scores.finalFile = contest.results.first { $0.round == "final" }
        if let file = scores.rematchFile {
            scores.rematch = scoreRematch(file, &diagnostics)
            scores.popularity = popularity(scores.rematch, &diagnostics)
        }
        if let file = scores.finalFile {
            if scores.rematchFile == nil {
                diagnostics.error(at: SourceLocation(file: file.file), "有决赛成绩却没有复赛成绩 rematch.yml",
                                  hint: "决赛成绩要用到复赛总分：先登记复赛成绩")
            } else {
                scores.final = scoreFinal(file, rematch: scores.rematch, &diagnostics)
            }
            scores.organizationAwards = file.organizationAwards.compactMap { contest.unit($0.unit) }
            let wanted = contest.rules.awards.organization
            if !file.organizationAwards.isEmpty, file.organizationAwards.count != wanted {
                diagnostics.warning(at: file.organizationAwards[0].location,
                                    "优秀组织奖有 \(file.organizationAwards.count) 个单位，contest.yml 设定为 \(wanted) 个",
                                    hint: "核对获奖单位名单或 `awards.organization`")
            }
        }
        return scores
    }

    // MARK: - Rematch

    private func scoreRematch(_ file: ResultsFile, _ diagnostics: inout Diagnostics) -> [RematchResult] {
        let rules = contest.rules.rematch
        let byID = Dictionary(contest.contestants.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: [String: SourceLocation] = [:]
        var rows: [(Contestant, Int, [ExactNumber], ExactNumber, SourceLocation)] = []
        for entry in file.entries {
            guard let contestant = byID[entry.id] else { continue }   // reported by SubmissionChecker
            if let first = seen[entry.id] {
                diagnostics.error(at: entry.location, "选手 \(entry.id) 的复赛成绩重复登记（第 \(first.line) 行已有）",
                                  hint: "每位选手只登记一行成绩")
                continue
            }
            seen[entry.id] = entry.location
            guard let votesDecimal = entry.votes else {
                diagnostics.error(at: entry.location, "选手 \(contestant.name)（\(entry.id)）的复赛成绩缺少网络投票数 `votes`",
                                  hint: "写上得票数，如 `votes: 12873`")
                continue
            }
            guard let votes = Int(exactly: NSDecimalNumber(decimal: votesDecimal)), votesDecimal == Decimal(votes) else {
                diagnostics.error(at: entry.location, "选手 \(contestant.name)（\(entry.id)）的得票数 \(votesDecimal) 不是整数",
                                  hint: "得票数应为不带小数的整数")
                continue
            }
            guard let judgeScore = trimmedMean(entry, trim: rules.judgesTrim, name: contestant.name, &diagnostics) else { continue }
            rows.append((contestant, votes, entry.judges.map(ExactNumber.init), judgeScore, entry.location))
        }
        warnAboutUnscored(seen, file: file, &diagnostics)

        let maxVotes = rows.map(\.1).max() ?? 0
        let weightVotes = weight("votes", in: rules), weightJudges = weight("judges", in: rules)
        let computed = rows.map { contestant, votes, judges, judgeScore, location -> RematchResult in
            let voteScore = maxVotes == 0 ? ExactNumber.zero
                : (ExactNumber(votes) * .hundred / ExactNumber(maxVotes)) ?? .zero
            let total = ((weightVotes * voteScore + weightJudges * judgeScore) / .hundred) ?? .zero
            return RematchResult(contestant: contestant, votes: votes, judges: judges, judgeScore: judgeScore,
                                 voteScore: voteScore, total: total, rank: 0, isSharedRank: false, advanced: false,
                                 location: location)
        }
        let placed = Ranking.rank(computed, keys: { [$0.total, $0.judgeScore, $0.voteScore] }, id: { $0.contestant.id })
        warnAboutSharedRanks(placed.map { ($0.row.contestant, $0.row.location, $0.rank, $0.isSharedRank) }, round: "复赛", &diagnostics)

        var advancing = Set<String>()
        if let advance = contest.rules.advance {
            let cut = Ranking.top(placed, count: advance)
            advancing = Set(cut.rows.map(\.row.contestant.id))
            if let tie = cut.tieAtCut {
                for row in tie {
                    diagnostics.warning(at: row.row.location,
                                        "选手 \(row.row.contestant.name)（\(row.row.contestant.id)）与 \(tie.count - 1) 人并列第 \(row.rank) 名，跨过了晋级决赛的第 \(advance) 名：并列者都晋级，共 \(cut.rows.count) 人",
                                        hint: "名次共享；如组委会另有裁定，请调整成绩")
                }
            }
        }
        return placed.map { placed in
            var row = placed.row
            row.rank = placed.rank
            row.isSharedRank = placed.isSharedRank
            row.advanced = advancing.contains(row.contestant.id)
            return row
        }
    }

    private func popularity(_ rematch: [RematchResult], _ diagnostics: inout Diagnostics) -> [RematchResult] {
        let count = contest.rules.awards.popularity
        guard count > 0 else { return [] }
        let placed = Ranking.rank(rematch, keys: { [ExactNumber($0.votes)] }, id: { $0.contestant.id })
        let cut = Ranking.top(placed, count: count)
        if let tie = cut.tieAtCut {
            for row in tie {
                diagnostics.warning(at: row.row.location,
                                    "选手 \(row.row.contestant.name)（\(row.row.contestant.id)）以 \(row.row.votes) 票与他人并列，跨过了最佳人气职工歌手的名额 \(count)：并列者都获奖，共 \(cut.rows.count) 人",
                                    hint: "得票相同；如组委会另有裁定，请调整成绩")
            }
        }
        return cut.rows.map(\.row)
    }

    // MARK: - Final

    private func scoreFinal(_ file: ResultsFile, rematch: [RematchResult], _ diagnostics: inout Diagnostics) -> [FinalResult] {
        let rules = contest.rules.final
        let finalists = Dictionary(rematch.filter(\.advanced).map { ($0.contestant.id, $0) }, uniquingKeysWith: { a, _ in a })
        var seen: [String: SourceLocation] = [:]
        var computed: [FinalResult] = []
        for entry in file.entries {
            guard let contestant = contest.contestants.first(where: { $0.id == entry.id }) else { continue }
            if let first = seen[entry.id] {
                diagnostics.error(at: entry.location, "选手 \(entry.id) 的决赛成绩重复登记（第 \(first.line) 行已有）",
                                  hint: "每位选手只登记一行成绩")
                continue
            }
            seen[entry.id] = entry.location
            guard let fromRematch = finalists[entry.id] else {
                diagnostics.error(at: entry.location, "选手 \(contestant.name)（\(entry.id)）未晋级决赛，却登记了决赛成绩",
                                  hint: "核对复赛排名；只有复赛前 \(contest.rules.advance ?? 0) 名进入决赛")
                continue
            }
            guard let quiz = entry.quiz, let talent = entry.talent else {
                diagnostics.error(at: entry.location, "选手 \(contestant.name)（\(entry.id)）的决赛成绩缺少\(entry.quiz == nil ? "知识问答 `quiz`" : "才艺展示 `talent`")",
                                  hint: "决赛成绩须有评委分 judges、知识问答 quiz 和才艺展示 talent")
                continue
            }
            guard let judgeScore = trimmedMean(entry, trim: rules.judgesTrim, name: contestant.name, &diagnostics) else { continue }
            let terms = weight("judges", in: rules) * judgeScore + weight("rematch", in: rules) * fromRematch.total
                + weight("quiz", in: rules) * ExactNumber(quiz) + weight("talent", in: rules) * ExactNumber(talent)
            computed.append(FinalResult(
                contestant: contestant, judges: entry.judges.map(ExactNumber.init), judgeScore: judgeScore,
                rematchTotal: fromRematch.total, quiz: ExactNumber(quiz), talent: ExactNumber(talent),
                total: (terms / .hundred) ?? .zero, rank: 0, isSharedRank: false, award: .excellent, location: entry.location))
        }
        for (id, finalist) in finalists.sorted(by: { $0.key < $1.key }) where seen[id] == nil {
            diagnostics.error(at: SourceLocation(file: file.file, line: 1),
                              "决赛选手 \(finalist.contestant.name)（\(id)）没有决赛成绩",
                              hint: "在 final.yml 的 entries 里为每位决赛选手登记一行成绩")
        }
        let placed = Ranking.rank(computed, keys: { [$0.total, $0.judgeScore, $0.quiz] }, id: { $0.contestant.id })
        warnAboutSharedRanks(placed.map { ($0.row.contestant, $0.row.location, $0.rank, $0.isSharedRank) }, round: "决赛", &diagnostics)
        let top = contest.rules.awards.top
        let cut = Ranking.top(placed, count: top)
        if let tie = cut.tieAtCut {
            for row in tie {
                diagnostics.warning(at: row.row.location,
                                    "选手 \(row.row.contestant.name)（\(row.row.contestant.id)）并列第 \(row.rank) 名，跨过了十大职工歌手的第 \(top) 名：并列者都获此奖，共 \(cut.rows.count) 人",
                                    hint: "名次共享；如组委会另有裁定，请调整成绩")
            }
        }
        let winners = Set(cut.rows.map(\.row.contestant.id))
        return placed.map { placed in
            var row = placed.row
            row.rank = placed.rank
            row.isSharedRank = placed.isSharedRank
            row.award = winners.contains(row.contestant.id) ? .top : .excellent
            return row
        }
    }

    // MARK: - Shared

    /// The mean of the judges' scores after dropping `trim` highest and `trim` lowest.
    private func trimmedMean(_ entry: ResultsFile.Entry, trim: Int, name: String,
                             _ diagnostics: inout Diagnostics) -> ExactNumber? {
        guard entry.judges.count > 2 * trim else {
            diagnostics.error(at: entry.location,
                              "选手 \(name)（\(entry.id)）只有 \(entry.judges.count) 个评委分，去掉最高、最低各 \(trim) 个后不剩分数",
                              hint: "写上全部评委的打分，如 `judges: [92, 88.5, 90]`")
            return nil
        }
        let kept = entry.judges.map(ExactNumber.init).sorted().dropFirst(trim).dropLast(trim)
        let sum = kept.reduce(ExactNumber.zero, +)
        return sum / ExactNumber(kept.count)
    }

    private func weight(_ component: String, in rules: RoundRules) -> ExactNumber {
        rules.weights.first { $0.component == component }.map { ExactNumber($0.weight) } ?? .zero
    }

    private func warnAboutUnscored(_ scored: [String: SourceLocation], file: ResultsFile, _ diagnostics: inout Diagnostics) {
        let missing = contest.contestants.filter { scored[$0.id] == nil }
        guard !missing.isEmpty else { return }
        let names = missing.prefix(5).map { "\($0.name)（\($0.id)）" }.joined(separator: "、")
        diagnostics.warning(at: SourceLocation(file: file.file, line: 1),
                            "\(missing.count) 名选手没有复赛成绩，不参与排名：\(names)\(missing.count > 5 ? " 等" : "")",
                            hint: "若他们参加了复赛，请登记成绩")
    }

    private func warnAboutSharedRanks(_ rows: [(Contestant, SourceLocation, Int, Bool)], round: String,
                                      _ diagnostics: inout Diagnostics) {
        for (contestant, location, rank, shared) in rows where shared {
            diagnostics.warning(at: location,
                                "\(round)：选手 \(contestant.name)（\(contestant.id)）与他人并列第 \(rank) 名（总分、评委分和第二比较项都相同）",
                                hint: "名次共享；如需区分，请组委会裁定")
        }
    }
}
