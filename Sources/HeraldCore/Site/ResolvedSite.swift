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
    /// Content-relative paths of the media files pages link to, copied as they are.
    public var media: [String]
    /// Page → the source file it came from, for messages about the built site.
    public var sources: [SitePath: String]
}
