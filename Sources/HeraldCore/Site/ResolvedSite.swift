import Foundation

/// A notice as this build publishes it: its page, its public dates, its body as HTML.
public struct PublishedNotice: Sendable {
    public var notice: Notice
    public var path: SitePath
    public var visibility: PublicationClock.Visibility
    public var bodyHTML: String
    /// Plain text for lists, the feed and `<meta name="description">`.
    public var summary: String
    /// When it became (or becomes) public: `publish_at`, or the start of `date`.
    public var publishedAt: Date
    public var updatedAt: Date?
    /// Attachments with their hrefs made relative to the notice's page.
    public var attachments: [(title: String, href: String)]

    /// What a feed reader should take as the item's date: a correction refreshes it.
    public var feedDate: Date { max(updatedAt ?? publishedAt, publishedAt) }
}

public struct PublishedProject: Sendable {
    public var project: Project
    public var path: SitePath
    public var visibility: PublicationClock.Visibility
    public var bodyHTML: String
    public var summary: String
}

/// Stage 3's result: everything the renderer needs, with URLs, embargo and Markdown settled.
public struct ResolvedSite: Sendable {
    public var site: SiteConfig
    public var clock: PublicationClock
    /// Newest first.
    public var notices: [PublishedNotice]
    /// By number.
    public var projects: [PublishedProject]
    /// The contest, when the campaign has one.
    public var contest: ResolvedContest?
    /// Content-relative paths of the media files pages link to, copied as they are.
    public var media: [String]
    /// Page → the source file it came from, for messages about the built site.
    public var sources: [SitePath: String]
    /// Page → its links to an anchor (`…#part`, as written into the page, percent-decoded) → where the
    /// editor wrote them: anchors are checked once pages exist, and the message points at the line.
    public var anchorLinks: [SitePath: [String: SourceLocation]] = [:]
}

/// One item of the feeds: a notice or a published results notice.
public struct FeedItem: Sendable {
    /// The part of the site an item belongs to; each has a feed of its own.
    public enum Section: Sendable { case notices, results }

    public var section: Section
    public var title: String
    public var path: SitePath
    /// What a reader sorts by: a correction (`updated`) refreshes it.
    public var date: Date
    /// When it became public; a correction leaves it alone.
    public var publishedAt: Date
    public var summary: String
    public var categories: [String]
    public var isPreview: Bool
    /// The body as its page shows it: HTML whose links are relative to `path`.
    public var bodyHTML: String
    /// What the page shows after the body, as short lists: a notice's attachments, who advanced, the awards.
    public var lists: [FeedList]
    /// What makes it an official document away from the site: its number (文号) and addressees (主送)
    /// above the body, and the signature — the issuing bodies and the date of issue — below it.
    public var docNumber: String? = nil
    public var addressees: String? = nil
    public var signature: [String] = []
}

/// A titled list after an item's body (附件, 晋级决赛选手名单, 十大职工歌手 …): plain text, links relative to the item's page.
public struct FeedList: Sendable {
    public var title: String
    public var entries: [(text: String, href: String?)]
}

extension ResolvedSite {
    /// Notices and results notices, newest first (a correction moves a notice up).
    public var feedItems: [FeedItem] {
        let zone = site.timeZone
        let notices = self.notices.map {
            FeedItem(section: .notices, title: $0.notice.title, path: $0.path, date: $0.feedDate, publishedAt: $0.publishedAt,
                     summary: $0.summary, categories: $0.notice.issuers, isPreview: $0.visibility == .preview,
                     bodyHTML: $0.bodyHTML,
                     lists: $0.attachments.isEmpty ? [] : [FeedList(title: "附件", entries: $0.attachments.map { ($0.title, $0.href) })],
                     docNumber: $0.notice.docNumber, addressees: $0.notice.addressees.map { $0 + "：" },
                     signature: $0.notice.issuers + [ChineseFormat.date($0.notice.date.instant(in: zone), in: zone)]
                        + ($0.updatedAt.map { ["更正于 " + ChineseFormat.date($0, in: zone)] } ?? []))
        }
        let results = (contest?.results ?? []).map { results in
            FeedItem(section: .results, title: results.title, path: results.path, date: results.publishedAt,
                     publishedAt: results.publishedAt, summary: results.summary, categories: results.issuers,
                     isPreview: results.visibility == .preview, bodyHTML: results.prefaceHTML,
                     lists: contest.map { $0.outcomeLists(of: results.round) } ?? [],
                     docNumber: results.docNumber, signature: results.issuers + [ChineseFormat.date(results.date, in: zone)])
        }
        return (notices + results).sorted { $0.date != $1.date ? $0.date > $1.date : $0.path < $1.path }
    }
}

extension ResolvedContest {
    /// Who advanced, or who won what, as the results page lists them (names with their units).
    func outcomeLists(of round: ScoreReport.Round) -> [FeedList] {
        let named = { (contestant: Contestant) in "\(contestant.name)（\(self.unit(contestant.unit)?.name ?? contestant.unit)）" }
        let lists: [(String, [String])]
        switch round {
        case .rematch:
            lists = [("晋级决赛选手名单", rematch.filter(\.advanced).map { named($0.contestant) })]
        case .final:
            lists = [
                (Award.top.title, final.filter { $0.award == .top }.map { named($0.contestant) }),
                (Award.excellent.title, final.filter { $0.award == .excellent }.map { named($0.contestant) }),
                ("最佳人气职工歌手", popularity.map { named($0.contestant) }),
                ("优秀组织奖", organizationAwards.map(\.name)),
            ]
        }
        return lists.filter { !$0.1.isEmpty }.map { FeedList(title: $0.0, entries: $0.1.map { ($0, nil) }) }
    }
}
