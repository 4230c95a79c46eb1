import Foundation

// The feeds' addresses. `SiteRoutes.feed` (RSS, `feed.xml`) is named in SiteRoutes.swift; the others live
// beside the feeds that use them.
/// One feed file: where it is, its format, and which section's items it carries.
struct Feed {
    enum Format {
        case rss, atom, json

        var mediaType: String {
            switch self {
            case .rss: return "application/rss+xml"
            case .atom: return "application/atom+xml"
            case .json: return "application/feed+json"
            }
        }

        var name: String {
            switch self {
            case .rss: return "RSS"
            case .atom: return "Atom"
            case .json: return "JSON Feed"
            }
        }
    }

    let path: SitePath
    let format: Format
    /// Nil for the site-wide feeds, which carry every item.
    let section: FeedItem.Section?

    func carries(_ item: FeedItem) -> Bool { section == nil || section == item.section }
}

/// Every feed of the site: everything as RSS 2.0, Atom 1.0 and JSON Feed 1.1; the notices as RSS; and, when the
/// campaign has a contest, its results notices as RSS — empty until the first results are published, so it can be
/// subscribed to before. Each carries at most `feed.limit` items, and only what `feedItems` holds as of `--now`.
struct SiteFeeds {
    let resolved: ResolvedSite

    private var site: SiteConfig { resolved.site }

    var feeds: [Feed] {
        var feeds = [
            Feed(path: SiteRoutes.feed, format: .rss, section: nil),
            Feed(path: SiteRoutes.atomFeed, format: .atom, section: nil),
            Feed(path: SiteRoutes.jsonFeed, format: .json, section: nil),
            Feed(path: SiteRoutes.noticesFeed, format: .rss, section: .notices),
        ]
        if resolved.contest != nil { feeds.append(Feed(path: SiteRoutes.resultsFeed, format: .rss, section: .results)) }
        return feeds
    }

    /// The feeds a page names in `<link rel="alternate">`: the site's three, and its section's own
    /// (the notices' on `notices/…`, the results' on every contest page).
    func advertised(on page: SitePath) -> [Feed] {
        feeds.filter { feed in
            switch feed.section {
            case nil: return true
            case .notices: return page.value.hasPrefix(SiteRoutes.notices.value)
            case .results: return page.value.hasPrefix(SiteRoutes.contest.value)
            }
        }
    }

    /// A feed's name as readers list it: `测试活动`, `通知公告 - 测试活动`.
    func title(of feed: Feed) -> String {
        switch feed.section {
        case nil: return site.title
        case .notices: return "通知公告 - \(site.title)"
        case .results: return "比赛结果 - \(site.title)"
        }
    }

    /// Writes every feed, handing each file to `emit`. An item's content is made once, however many feeds carry it.
    func render(emit: (OutputFile) throws -> Void) rethrows {
        let items = resolved.feedItems
        let chosen = feeds.map { feed in (feed, Array(items.indices.filter { feed.carries(items[$0]) }.prefix(site.feedLimit))) }
        var entries: [Int: FeedEntry] = [:]
        for index in Set(chosen.flatMap(\.1)) { entries[index] = FeedEntry(items[index], site: site) }
        for (feed, indices) in chosen {
            let channel = self.channel(feed, entries: indices.compactMap { entries[$0] })
            let data: Data
            switch feed.format {
            case .rss: data = RSSFeed(channel: channel).xml()
            case .atom: data = AtomFeed(channel: channel).xml()
            case .json: data = JSONFeed(channel: channel).json()
            }
            try emit(OutputFile(path: feed.path, data: data, source: nil))
        }
    }

    private func channel(_ feed: Feed, entries: [FeedEntry]) -> FeedChannel {
        let page: SitePath
        let description: String
        switch feed.section {
        case nil:
            page = SiteRoutes.home
            description = site.description ?? site.title
        case .notices:
            page = SiteRoutes.notices
            description = "\(site.title)发布的通知公告"
        case .results:
            page = SiteRoutes.results
            description = "\(resolved.contest?.rules.name ?? site.title)公布的比赛结果"
        }
        return FeedChannel(
            title: title(of: feed), description: description, language: site.language,
            author: site.organizer ?? site.title, pageURL: site.absoluteURL(page.value),
            feedURL: site.absoluteURL(feed.path.value), timeZone: site.timeZone, entries: entries,
            updated: entries.map(\.item.date).max() ?? resolved.clock.now)
    }
}
