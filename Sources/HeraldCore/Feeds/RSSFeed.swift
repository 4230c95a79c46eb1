import Foundation

/// RSS 2.0 (`feed.xml`, `notices/feed.xml`, `contest/results/feed.xml`): absolute links, stable GUIDs (the item's
/// permanent address), RFC 822 dates in the site's offset (+0800), and the full content in `content:encoded`.
/// Newest first; a correction (`updated`) moves an item up and refreshes its date.
struct RSSFeed {
    let channel: FeedChannel

    func xml() -> Data {
        let zone = channel.timeZone
        guard let writer = XMLWriter() else { return Data() }
        writer.start("rss")
        writer.attribute("version", "2.0")
        writer.attribute("xmlns:atom", "http://www.w3.org/2005/Atom")
        writer.attribute("xmlns:content", "http://purl.org/rss/1.0/modules/content/")
        writer.start("channel")
        writer.element("title", channel.title)
        writer.element("link", channel.pageURL)
        writer.element("description", channel.description)
        writer.element("language", channel.language)
        writer.empty("atom:link", attributes: [("href", channel.feedURL), ("rel", "self"), ("type", Feed.Format.rss.mediaType)])
        if let newest = channel.entries.first {
            writer.element("lastBuildDate", ChineseFormat.rfc822(newest.item.date, in: zone))
        }
        for entry in channel.entries {
            writer.start("item")
            writer.element("title", entry.title)
            writer.element("link", entry.url)
            writer.element("guid", entry.url, attributes: [("isPermaLink", "true")])
            writer.element("pubDate", ChineseFormat.rfc822(entry.item.date, in: zone))
            writer.element("description", entry.item.summary)
            // Escaped text rather than CDATA: a `]]>` in the content cannot end it early.
            if let content = entry.contentHTML { writer.element("content:encoded", content) }
            for category in entry.item.categories { writer.element("category", category) }
            writer.end()
        }
        writer.end()
        writer.end()
        return writer.finish()
    }
}
