import Foundation

/// JSON Feed 1.1 (`feed.json`): `id` is the item's permanent address, `date_published` when it became public,
/// `date_modified` its feed date (a correction refreshes it), `content_html` the full content. Keys are sorted,
/// so two builds of the same content are byte-identical.
struct JSONFeed {
    let channel: FeedChannel

    func json() -> Data {
        let zone = channel.timeZone
        let document = Document(
            version: "https://jsonfeed.org/version/1.1", title: channel.title, homePageURL: channel.pageURL,
            feedURL: channel.feedURL, description: channel.description, language: channel.language,
            authors: [Author(name: channel.author)],
            items: channel.entries.map { entry in
                Item(id: entry.url, url: entry.url, title: entry.title, summary: entry.item.summary,
                     contentHTML: entry.contentHTML, contentText: entry.contentHTML == nil ? entry.item.summary : nil,
                     datePublished: ChineseFormat.iso8601(entry.item.publishedAt, in: zone),
                     dateModified: ChineseFormat.iso8601(entry.item.date, in: zone),
                     tags: entry.item.categories.isEmpty ? nil : entry.item.categories)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(document) else { return Data() }
        data.append(0x0A)
        return data
    }

    private struct Document: Encodable {
        let version: String
        let title: String
        let homePageURL: String
        let feedURL: String
        let description: String
        let language: String
        let authors: [Author]
        let items: [Item]

        enum CodingKeys: String, CodingKey {
            case version, title, description, language, authors, items
            case homePageURL = "home_page_url"
            case feedURL = "feed_url"
        }
    }

    private struct Author: Encodable {
        let name: String
    }

    private struct Item: Encodable {
        let id: String
        let url: String
        let title: String
        let summary: String
        let contentHTML: String?
        let contentText: String?
        let datePublished: String
        let dateModified: String
        let tags: [String]?

        enum CodingKeys: String, CodingKey {
            case id, url, title, summary, tags
            case contentHTML = "content_html"
            case contentText = "content_text"
            case datePublished = "date_published"
            case dateModified = "date_modified"
        }
    }
}
