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
}

/// One item of the feed: a notice or a published results notice.
public struct FeedItem: Sendable {
    public var title: String
    public var path: SitePath
    public var date: Date
    public var summary: String
    public var categories: [String]
    public var isPreview: Bool
}

extension ResolvedSite {
    /// Notices and results notices, newest first (a correction moves a notice up).
    public var feedItems: [FeedItem] {
        let notices = self.notices.map {
            FeedItem(title: $0.notice.title, path: $0.path, date: $0.feedDate, summary: $0.summary,
                     categories: $0.notice.issuers, isPreview: $0.visibility == .preview)
        }
        let results = (contest?.results ?? []).map {
            FeedItem(title: $0.title, path: $0.path, date: $0.publishedAt, summary: $0.summary,
                     categories: $0.issuers, isPreview: $0.visibility == .preview)
        }
        return (notices + results).sorted { $0.date != $1.date ? $0.date > $1.date : $0.path < $1.path }
    }
}
