import Foundation

/// `sitemap.xml`: every public page with its absolute address; previews are never listed.
struct Sitemap {
    let resolved: ResolvedSite

    func xml() -> Data {
        let site = resolved.site
        let zone = site.timeZone
        var entries: [(path: SitePath, modified: Date?)] = [
            (SiteRoutes.home, resolved.notices.map(\.feedDate).max()),
            (SiteRoutes.notices, resolved.notices.map(\.feedDate).max()),
            (SiteRoutes.projects, nil),
        ]
        let pageCount = (resolved.notices.filter { $0.visibility == .published }.count + site.paginate - 1) / site.paginate
        if pageCount > 1 { entries += (2...pageCount).map { (SiteRoutes.notices(page: $0), nil) } }
        entries += resolved.notices.filter { $0.visibility == .published }.map { ($0.path, $0.feedDate) }
        entries += resolved.projects.filter { $0.visibility == .published }.map { ($0.path, nil) }
        if let contest = resolved.contest {
            entries.append((SiteRoutes.contest, nil))
            entries.append((SiteRoutes.results, contest.results.filter { $0.visibility == .published }.map(\.publishedAt).max()))
            entries += contest.results.filter { $0.visibility == .published }.map { ($0.path, $0.publishedAt) }
            entries.append((SiteRoutes.gallery, nil))
            entries += contest.contestants.map { (SiteRoutes.singer($0.id), nil) }
        }

        guard let writer = XMLWriter() else { return Data() }
        writer.start("urlset")
        writer.attribute("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9")
        for entry in entries {
            writer.start("url")
            writer.element("loc", site.absoluteURL(entry.path.value))
            if let modified = entry.modified { writer.element("lastmod", ChineseFormat.iso8601(modified, in: zone)) }
            writer.end()
        }
        writer.end()
        return writer.finish()
    }
}
