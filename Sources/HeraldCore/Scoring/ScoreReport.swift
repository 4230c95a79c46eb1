import CSV
import Foundation

/// `herald score`: the rankings for the organising committee, before anything is published —
/// as a terminal table, JSON, or CSV that opens in a spreadsheet program.
public struct ScoreReport {
    public enum Round: String, Sendable, CaseIterable {
        case rematch, final
    }

    /// One row of the table, every figure already formatted (two decimals, half up) beside its exact value.
    struct Row {
        var rank: Int
        var shared: Bool
        var id: String
        var name: String
        var unit: String
        /// `key`: the figure's name in SPEC's terms (`votes`, `vote_score`, `judge_score`, `rematch_total`,
        /// `quiz`, `talent`), for machines; `label`: its column heading.
        var components: [(key: String, label: String, display: String, exact: String)]
        var total: ExactNumber
        var outcome: String
    }

    let contest: Contest
    let scores: ContestScores

    public init(contest: Contest, scores: ContestScores) {
        self.contest = contest
        self.scores = scores
    }

    /// The round shown when none is asked for: the final once its results exist.
    public var defaultRound: Round { scores.finalFile != nil ? .final : .rematch }

    private func unitName(_ contestant: Contestant) -> String { contest.unit(contestant.unit)?.name ?? contestant.unit }

    func rows(_ round: Round) -> [Row] {
        switch round {
        case .rematch:
            let popular = Set(scores.popularity.map(\.contestant.id))
            return scores.rematch.map { result in
                var outcome = result.advanced ? "晋级决赛" : ""
                if popular.contains(result.contestant.id) { outcome += outcome.isEmpty ? "最佳人气" : "、最佳人气" }
                return Row(rank: result.rank, shared: result.isSharedRank, id: result.contestant.id, name: result.contestant.name,
                           unit: unitName(result.contestant),
                           components: [("votes", "票数", String(result.votes), String(result.votes)),
                                        ("vote_score", "投票分", result.voteScore.rounded(), result.voteScore.description),
                                        ("judge_score", "评委分", result.judgeScore.rounded(), result.judgeScore.description)],
                           total: result.total, outcome: outcome)
            }
        case .final:
            return scores.final.map { result in
                Row(rank: result.rank, shared: result.isSharedRank, id: result.contestant.id, name: result.contestant.name,
                    unit: unitName(result.contestant),
                    components: [("judge_score", "评委分", result.judgeScore.rounded(), result.judgeScore.description),
                                 ("rematch_total", "复赛成绩", result.rematchTotal.rounded(), result.rematchTotal.description),
                                 ("quiz", "知识问答", result.quiz.rounded(), result.quiz.description),
                                 ("talent", "才艺展示", result.talent.rounded(), result.talent.description)],
                    total: result.total, outcome: result.award.title)
            }
        }
    }

    // MARK: - Text

    public func table(_ round: Round) -> String {
        let rows = rows(round)
        guard let first = rows.first else {
            return round == .rematch ? "还没有复赛成绩（contest/results/rematch.yml）。\n" : "还没有决赛成绩（contest/results/final.yml）。\n"
        }
        let header = ["名次", "编号", "姓名", "单位"] + first.components.map(\.label) + ["总分", "结果"]
        let body = rows.map { row in
            [row.shared ? "\(row.rank)=" : "\(row.rank)", row.id, row.name, row.unit]
                + row.components.map(\.display) + [row.total.rounded(), row.outcome]
        }
        let numeric = Set([0] + Array(4..<(header.count - 1)))
        let widths = header.indices.map { column in ([header] + body).map { Self.width($0[column]) }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - Self.width(cell))
                return numeric.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        let title = round == .rematch ? "复赛排名（网络投票 + 评委打分）" : "决赛排名"
        var text = "\(contest.rules.name) \(title)\n\n" + line(header)
        text += line(widths.map { String(repeating: "-", count: $0) })
        body.forEach { text += line($0) }
        if rows.contains(where: \.shared) { text += "\n名次后的 = 表示并列。\n" }
        if round == .final, !scores.organizationAwards.isEmpty {
            text += "\n优秀组织奖：\(scores.organizationAwards.map(\.name).joined(separator: "、"))\n"
        }
        return text
    }

    private static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (TextWidth.isWide($1) ? 2 : 1) }
    }

    // MARK: - JSON and CSV

    public func json(_ round: Round) -> String {
        let entries: [[String: Any]] = rows(round).map { row in
            var components: [String: Any] = [:]
            for component in row.components {
                components[component.key] = ["label": component.label, "display": component.display, "exact": component.exact]
            }
            return ["rank": row.rank, "shared_rank": row.shared, "id": row.id, "name": row.name, "unit": row.unit,
                    "components": components, "total": ["display": row.total.rounded(), "exact": row.total.description],
                    "outcome": row.outcome]
        }
        let object: [String: Any] = ["contest": contest.rules.name, "round": round.rawValue, "entries": entries]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// UTF-8 with a byte-order mark and CRLF lines, as spreadsheet programs expect.
    public func csv(_ round: Round) throws -> Data {
        let rows = rows(round)
        let stream = OutputStream(toMemory: ())
        stream.open()
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        let labels = rows.first?.components.map(\.label) ?? []
        try writer.write(row: ["名次", "编号", "姓名", "单位"] + labels + ["总分", "结果"])
        for row in rows {
            try writer.write(row: ["\(row.rank)", row.id, Self.inert(row.name), Self.inert(row.unit)]
                             + row.components.map(\.display) + [row.total.rounded(), row.outcome])
        }
        stream.close()
        let written = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return Data([0xEF, 0xBB, 0xBF]) + written + Data("\r\n".utf8)
    }

    /// A cell a spreadsheet would run as a formula (`=…`, `+…`, `@…`) is kept as text.
    private static func inert(_ text: String) -> String {
        guard let first = text.first, "=+-@".contains(first) else { return text }
        return "'" + text
    }

    // MARK: - Explain

    /// The arithmetic behind one contestant's figures, step by step.
    public func explain(_ id: String) -> String? {
        guard let contestant = contest.contestants.first(where: { $0.id == id }) else { return nil }
        var text = "\(contestant.name)（\(contestant.id)，\(unitName(contestant))）\n"
        guard let rematch = scores.rematch(for: id) else {
            return text + "没有复赛成绩。\n"
        }
        let rules = contest.rules
        let maxVotes = scores.rematch.map(\.votes).max() ?? 0
        text += "\n复赛\n"
        text += "  评委分：" + judgeLine(rematch.judges, trim: rules.rematch.judgesTrim, mean: rematch.judgeScore) + "\n"
        text += "  投票分：\(rematch.votes) ÷ \(maxVotes)（最高票数）× 100 = \(rematch.voteScore)"
        text += rematch.voteScore.hasAtMostTwoDecimals ? "\n" : " ≈ \(rematch.voteScore.rounded())\n"
        let weights = Dictionary(rules.rematch.weights.map { ($0.component, $0.weight) }, uniquingKeysWith: { a, _ in a })
        text += "  总分：\(weights["votes"] ?? 0)% × \(rematch.voteScore) + \(weights["judges"] ?? 0)% × \(rematch.judgeScore) = \(rematch.total)"
        text += " → \(rematch.total.rounded())\n"
        text += "  名次：第 \(rematch.rank) 名\(rematch.isSharedRank ? "（并列）" : "")\(rematch.advanced ? "，晋级决赛" : "")\n"
        if scores.popularity.contains(where: { $0.contestant.id == id }) { text += "  最佳人气职工歌手（得票最多）\n" }
        guard let final = scores.final(for: id) else { return text }
        let finalWeights = Dictionary(rules.final.weights.map { ($0.component, $0.weight) }, uniquingKeysWith: { a, _ in a })
        text += "\n决赛\n"
        text += "  评委分：" + judgeLine(final.judges, trim: rules.final.judgesTrim, mean: final.judgeScore) + "\n"
        text += "  总分：\(finalWeights["judges"] ?? 0)% × \(final.judgeScore) + \(finalWeights["rematch"] ?? 0)% × \(final.rematchTotal)"
        text += " + \(finalWeights["quiz"] ?? 0)% × \(final.quiz) + \(finalWeights["talent"] ?? 0)% × \(final.talent)"
        text += " = \(final.total) → \(final.total.rounded())\n"
        text += "  名次：第 \(final.rank) 名\(final.isSharedRank ? "（并列）" : "")，\(final.award.title)\n"
        return text
    }

    private func judgeLine(_ judges: [ExactNumber], trim: Int, mean: ExactNumber) -> String {
        let sorted = judges.sorted()
        let kept = Array(sorted.dropFirst(trim).dropLast(trim))
        var line = "[\(judges.map(\.description).joined(separator: ", "))]"
        if trim > 0 {
            line += "，去掉最低 \(sorted.prefix(trim).map(\.description).joined(separator: "、"))"
            line += " 和最高 \(sorted.suffix(trim).map(\.description).joined(separator: "、"))"
        }
        let sum = kept.reduce(ExactNumber.zero, +)
        line += "，(\(kept.map(\.description).joined(separator: " + "))) ÷ \(kept.count) = \(sum) ÷ \(kept.count) = \(mean)"
        if !mean.hasAtMostTwoDecimals { line += " ≈ \(mean.rounded())" }
        return line
    }
}
