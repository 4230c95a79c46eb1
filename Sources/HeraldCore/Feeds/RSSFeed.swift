import Foundation

/// `feed.xml`: notices and published results notices, RSS 2.0 with absolute links, stable GUIDs (the item's permanent address) and RFC 822
/// dates in the site's offset (+0800). Newest first; a correction (`updated`) moves an item up.
struct RSSFeed {
    let resolved: ResolvedSite

    func xml() -> Data {
        let site = resolved.site
        let zone = site.timeZone
        let items = resolved.feedItems.prefix(site.feedLimit)

        guard let writer = XMLWriter() else { return Data() }
        writer.start("rss")
        writer.attribute("version", "2.0")
        writer.attribute("xmlns:atom", "http://www.w3.org/2005/Atom")
        writer.start("channel")
        writer.element("title", site.title)
        writer.element("link", site.absoluteURL(""))
        writer.element("description", site.description ?? site.title)
        writer.element("language", site.language)
        writer.empty("atom:link", attributes: [("href", site.absoluteURL(SiteRoutes.feed.value)), ("rel", "self"),
                                               ("type", "application/rss+xml")])
        if let newest = items.first {
            writer.element("lastBuildDate", ChineseFormat.rfc822(newest.date, in: zone))
        }
        for item in items {
            let url = site.absoluteURL(item.path.value)
            writer.start("item")
            writer.element("title", (item.isPreview ? "【预览】" : "") + item.title)
            writer.element("link", url)
            writer.element("guid", url, attributes: [("isPermaLink", "true")])
            writer.element("pubDate", ChineseFormat.rfc822(item.date, in: zone))
            writer.element("description", item.summary)
            for category in item.categories { writer.element("category", category) }
            writer.end()
        }
        writer.end()
        writer.end()
        return writer.finish()
    }
}
