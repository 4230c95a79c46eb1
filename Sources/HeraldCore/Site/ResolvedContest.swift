import Foundation

/// A results notice (复赛结果公示, 决赛结果) as this build publishes it.
public struct PublishedResults: Sendable {
    public var round: ScoreReport.Round
    public var path: SitePath
    public var visibility: PublicationClock.Visibility
    public var title: String
    public var docNumber: String?
    public var issuers: [String]
    /// The date in the signature: the preface's `date`, or the day of `published_at`.
    public var date: Date
    public var publishedAt: Date
    public var prefaceHTML: String
    public var summary: String
    public var source: String
}

/// The contest as the public may see it as of `--now`: results are present only once published.
public struct ResolvedContest: Sendable {
    public var rules: ContestRules
    public var units: [ContestUnit]
    public var contestants: [Contestant]
    /// The stage `now` falls in, if any.
    public var currentStage: String?
    /// Stages whose last day is over.
    public var endedStages: Set<String>
    /// The rematch stage is open and a vote URL is set.
    public var votingOpen: Bool
    /// Visible results notices, in round order.
    public var results: [PublishedResults]
    /// Empty until the rematch results are published.
    public var rematch: [RematchResult]
    /// Empty until the final results are published, as are the awards.
    public var final: [FinalResult]
    public var popularity: [RematchResult]
    public var organizationAwards: [ContestUnit]
    /// Each contestant's bio as HTML (Markdown rendered, links mapped), by id.
    public var bios: [String: String]
    /// After the last stage, a singer who reserved copyright (书面声明) has no published video.
    public var contestEnded: Bool

    /// Whether the contestant's own video may be on the site now.
    public func publishesVideo(of contestant: Contestant) -> Bool {
        !(contestEnded && contestant.copyrightReserved)
    }

    /// The local video files to copy into output/ (content-relative), each once.
    public var publishedVideoFiles: [String] {
        Set(contestants.filter { publishesVideo(of: $0) && !SiteGraph.hasScheme($0.video) }
            .compactMap { SiteGraph.normalize($0.video, from: "") }).sorted()
    }

    /// The cover files (content-relative), each once.
    public var coverFiles: [String] {
        Set(contestants.compactMap { SiteGraph.normalize($0.cover, from: "") }).sorted()
    }

    /// The contest as loaded, for its indexed unit lookup.
    let source: Contest

    public func unit(_ id: String) -> ContestUnit? { source.unit(id) }

    public func results(_ round: ScoreReport.Round) -> PublishedResults? { results.first { $0.round == round } }
}

extension ContestStage {
    /// Whether `instant` falls within the stage, its last day included to 23:59:59.
    func contains(_ instant: Date, in timeZone: TimeZone) -> Bool {
        if let from, instant < from.instant(in: timeZone) { return false }
        if let until, instant > until.instant(in: timeZone, endOfDay: true) { return false }
        return from != nil || until != nil
    }

    func hasEnded(by instant: Date, in timeZone: TimeZone) -> Bool {
        guard let until else { return false }
        return instant > until.instant(in: timeZone, endOfDay: true)
    }
}
