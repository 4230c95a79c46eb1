import Foundation

/// An item as a feed reader gets it, to show away from the site: its absolute address, and its content —
/// the page's body and lists — with every link and image made absolute against that address.
struct FeedEntry {
    let item: FeedItem
    /// The item's page; also its GUID / id, which a correction does not change.
    let url: String
    /// HTML written by libxml2; nil only when libxml2 could not make a tree.
    let contentHTML: String?

    init(_ item: FeedItem, site: SiteConfig) {
        self.item = item
        url = site.absoluteURL(item.path.value)
        contentHTML = URL(string: url).flatMap { Self.content(of: item, at: $0) }
    }

    var title: String { (item.isPreview ? "【预览】" : "") + item.title }

    private static func content(of item: FeedItem, at page: URL) -> String? {
        guard let fragment = HTMLFragment(html: item.bodyHTML) else { return nil }
        // As the page shows it: number and addressees above the body, the signature after the lists.
        if let addressees = item.addressees { fragment.prepend("p", text: addressees) }
        if let docNumber = item.docNumber { fragment.prepend("p", text: docNumber) }
        for list in item.lists {
            fragment.append("h2", text: list.title)
            guard let entries = fragment.append("ol") else { continue }
            for entry in list.entries {
                if let href = entry.href {
                    guard let line = fragment.append("li", to: entries) else { continue }
                    fragment.append("a", text: entry.text, attributes: [("href", href)], to: line)
                } else {
                    fragment.append("li", text: entry.text, to: entries)
                }
            }
        }
        for line in item.signature { fragment.append("p", text: line) }
        fragment.rewriteURLs { absolute($0, against: page) }
        return fragment.html
    }

    /// `../../media/rules.pdf` → `https://…/media/rules.pdf`; `#fn-1` → the page's address with the fragment.
    /// A URL with a scheme (`https:`, `mailto:`, `tel:`) stays as it is.
    static func absolute(_ link: String, against page: URL) -> String {
        let trimmed = link.trimmingCharacters(in: .whitespacesAndNewlines)
        if SiteGraph.hasScheme(trimmed) { return link }
        if trimmed.isEmpty { return page.absoluteString }
        return URL(string: trimmed, relativeTo: page)?.absoluteString ?? link
    }
}
