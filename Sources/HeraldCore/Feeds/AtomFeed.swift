import Foundation

/// Atom 1.0 (`atom.xml`): each entry's `<id>` is its permanent address, `<published>` when it became public and
/// `<updated>` its feed date (a correction refreshes it); the full content is escaped HTML in `<content type="html">`.
struct AtomFeed {
    let channel: FeedChannel

    func xml() -> Data {
        let zone = channel.timeZone
        guard let writer = XMLWriter() else { return Data() }
        writer.start("feed")
        writer.attribute("xmlns", "http://www.w3.org/2005/Atom")
        writer.attribute("xml:lang", channel.language)
        writer.element("id", channel.feedURL)
        writer.element("title", channel.title)
        writer.element("subtitle", channel.description)
        writer.empty("link", attributes: [("rel", "alternate"), ("type", "text/html"), ("href", channel.pageURL)])
        writer.empty("link", attributes: [("rel", "self"), ("type", Feed.Format.atom.mediaType), ("href", channel.feedURL)])
        writer.element("updated", ChineseFormat.iso8601(channel.updated, in: zone))
        writer.start("author")
        writer.element("name", channel.author)
        writer.end()
        for entry in channel.entries {
            writer.start("entry")
            writer.element("id", entry.url)
            writer.element("title", entry.title)
            writer.empty("link", attributes: [("rel", "alternate"), ("type", "text/html"), ("href", entry.url)])
            writer.element("published", ChineseFormat.iso8601(entry.item.publishedAt, in: zone))
            writer.element("updated", ChineseFormat.iso8601(entry.item.date, in: zone))
            for category in entry.item.categories { writer.empty("category", attributes: [("term", category)]) }
            writer.element("summary", entry.item.summary, attributes: [("type", "text")])
            if let content = entry.contentHTML { writer.element("content", content, attributes: [("type", "html")]) }
            writer.end()
        }
        writer.end()
        return writer.finish()
    }
}
