import Foundation

// What the contest's templates can see. Contestant views are built from `Contestant`, which holds
// public fields only; nothing here can reach a phone number or an id number.

struct StageView: Encodable {
    let title: String
    let dates: String
    let isCurrent: Bool
    let isPast: Bool
}

struct QuotaView: Encodable {
    let label: String
    let count: Int
}

struct ContestView: Encodable {
    let name: String
    let organizer: String?
    let stages: [StageView]
    let hasStages: Bool
    let currentStage: String?
    let submissionRules: [String]
    let quotas: [QuotaView]
    let hasQuotas: Bool
    let roundRules: [String]
    let awards: [String]
    let votingOpen: Bool
    /// Every stage is over: the pages say so and point at the results.
    let isOver: Bool
    let resultsURL: String
    let hasResults: Bool
    let galleryURL: String
    let contestURL: String
}

/// One row of a results table; every score already rounded half up to two decimals.
struct ResultRowView: Encodable {
    let rank: String
    let name: String
    let unit: String
    let song: String
    let votes: String?
    let voteScore: String?
    let judgeScore: String
    let rematchTotal: String?
    let quiz: String?
    let talent: String?
    let total: String
    let outcome: String?
}

struct AwardGroupView: Encodable {
    let title: String
    let names: [String]
}

struct ResultsView: Encodable {
    let title: String
    let docNumber: String?
    let issuers: [String]
    let date: String
    let isoDate: String
    let preface: String
    let isRematch: Bool
    let isFinal: Bool
    let advancing: [ResultRowView]
    let hasAdvancing: Bool
    let ranking: [ResultRowView]
    let awardGroups: [AwardGroupView]
    let hasAwards: Bool
    let weightsNote: String
}

struct ResultsIndexView: Encodable {
    let contestName: String
    let notices: [NoticeSummaryView]
    let hasNotices: Bool
    let contestURL: String
}

/// A cover as `<picture>`: WebP sources with a JPEG fallback, its exact size so the page does not jump.
struct CoverView: Encodable {
    let webpSrcset: String
    let jpegSrcset: String
    let src: String
    let width: Int
    let height: Int
    let alt: String
}

struct SingerCardView: Encodable {
    let id: String
    let name: String
    let unit: String
    let song: String
    let href: String
    let cover: CoverView?
    /// The awards and advancement the published results gave the singer (an award replaces 晋级决赛).
    let badges: [String]
    /// The first cards are above the fold: loaded eagerly, the rest lazily.
    let eager: Bool
}

struct UnitGroupView: Encodable {
    let anchor: String
    let name: String
    let count: Int
    let singers: [SingerCardView]
}

struct GalleryGroupView: Encodable {
    let anchor: String
    let title: String
    let count: Int
    let units: [UnitGroupView]
}

struct GalleryView: Encodable {
    let name: String
    let total: Int
    let groups: [GalleryGroupView]
    let hasGroups: Bool
    let votingOpen: Bool
    let votingDates: String?
    let contestURL: String
    let scriptURL: String
}

struct VideoView: Encodable {
    let src: String
    /// The media type for the `<source>`; nil for QuickTime files, which browsers play when they may
    /// sniff them (Chrome refuses a `video/quicktime` source outright, even for H.264 inside).
    let type: String?
    let poster: String?
    /// The text alternative: song and singer.
    let description: String
}

struct SingerView: Encodable {
    let id: String
    let name: String
    let employer: String?
    let occupation: String?
    let unit: String
    let song: String
    let bio: String?
    let video: VideoView?
    let videoWithheld: Bool
    let cover: CoverView?
    let voteURL: String?
    let results: [String]
    let hasResults: Bool
    let previous: LinkView?
    let next: LinkView?
    let galleryURL: String
}
