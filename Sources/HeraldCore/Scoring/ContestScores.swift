import Foundation

/// One contestant's rematch result: 复赛（网络投票 + 评委打分）.
public struct RematchResult: Sendable {
    public var contestant: Contestant
    public var votes: Int
    public var judges: [ExactNumber]
    /// Trimmed mean of the judges' scores.
    public var judgeScore: ExactNumber
    /// votes ÷ max(votes) × 100.
    public var voteScore: ExactNumber
    public var total: ExactNumber
    public var rank: Int
    public var isSharedRank: Bool
    public var advanced: Bool
    public var location: SourceLocation
}

/// One finalist's result: 决赛（评委 + 复赛成绩 + 知识问答 + 才艺展示）.
public struct FinalResult: Sendable {
    public var contestant: Contestant
    public var judges: [ExactNumber]
    public var judgeScore: ExactNumber
    public var rematchTotal: ExactNumber
    public var quiz: ExactNumber
    public var talent: ExactNumber
    public var total: ExactNumber
    public var rank: Int
    public var isSharedRank: Bool
    public var award: Award
    public var location: SourceLocation
}

public enum Award: String, Sendable {
    /// 安徽省十大职工歌手
    case top
    /// 优秀歌手
    case excellent

    public var title: String {
        switch self {
        case .top: return "十大职工歌手"
        case .excellent: return "优秀歌手"
        }
    }
}

/// Everything the results files settle, for `herald score` and the results pages.
public struct ContestScores: Sendable {
    public var rematch: [RematchResult] = []
    public var rematchFile: ResultsFile?
    public var final: [FinalResult] = []
    public var finalFile: ResultsFile?
    /// 最佳人气职工歌手: the most online votes.
    public var popularity: [RematchResult] = []
    /// 优秀组织奖, in the committee's order.
    public var organizationAwards: [ContestUnit] = []

    public func rematch(for id: String) -> RematchResult? { rematch.first { $0.contestant.id == id } }
    public func final(for id: String) -> FinalResult? { final.first { $0.contestant.id == id } }
}
