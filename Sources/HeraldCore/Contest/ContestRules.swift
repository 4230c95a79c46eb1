import Foundation

/// The kind of a unit that may send singers; the notice gives each kind its own quota.
public enum UnitKind: String, Sendable, CaseIterable, Encodable {
    /// 各市总工会
    case city
    /// 省产业工会
    case industry
    /// 省直管县总工会
    case county
    /// 其他会员单位（含企业会员单位）
    case member

    /// How the notice names the kind, for messages.
    public var label: String {
        switch self {
        case .city: return "市总工会"
        case .industry: return "省产业工会"
        case .county: return "省直管县总工会"
        case .member: return "会员单位"
        }
    }
}

/// One stage of the contest timeline (报名初选, 复赛, 决赛).
public struct ContestStage: Sendable {
    public var key: String
    public var title: String
    public var from: CampaignDate?
    /// Includes its whole last day.
    public var until: CampaignDate?
    public var location: SourceLocation
}

/// `submission:` — what a submitted video must be.
public struct SubmissionRules: Sendable {
    public var deadline: CampaignDate?
    public var formats: [String] = ["mp4", "mov"]
    /// `aspect: "9:16"` as width and height.
    public var aspect: (width: Int, height: Int)?
    public var maxSizeMB: Int?
    public var maxDurationSeconds: Int?
    public var soloOnly = false
}

public struct RoundRules: Sendable {
    /// Component → weight in percent, exact.
    public var weights: [(component: String, weight: Decimal)] = []
    public var judgesTrim = 0
}

/// `contest/contest.yml`: the rules the organising committee publishes.
public struct ContestRules: Sendable {
    public var file: String
    public var name: String
    public var organizer: String?
    public var stages: [ContestStage]
    public var submission: SubmissionRules
    public var quotas: [UnitKind: Int]
    public var quotasLocation: SourceLocation
    /// At most this many contestants enter the rematch.
    public var capacity: Int?
    public var capacityLocation: SourceLocation
    public var advance: Int?
    public var voteURL: String?
    public var rematch: RoundRules
    public var voteScale: String
    public var final: RoundRules
    public var awards: (top: Int, popularity: Int, organization: Int)

    static let fields = ["name", "organizer", "stages", "submission", "quotas", "rematch", "final", "awards"]
}

/// `contest/units.yml`: one unit that may send contestants.
public struct ContestUnit: Sendable {
    public var id: String
    public var name: String
    public var kind: UnitKind
    public var location: SourceLocation
}
