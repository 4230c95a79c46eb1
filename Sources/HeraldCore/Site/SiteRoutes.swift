/// Where each kind of page lives in the built site. The one place URLs are named.
public enum SiteRoutes {
    public static let home = SitePath.root
    public static let notices = SitePath("notices/")
    public static let projects = SitePath("projects/")
    public static let notFound = SitePath("404.html")
    public static let feed = SitePath("feed.xml")
    public static let atomFeed = SitePath("atom.xml")
    public static let jsonFeed = SitePath("feed.json")
    public static let noticesFeed = SitePath("notices/feed.xml")
    public static let resultsFeed = SitePath("contest/results/feed.xml")
    public static let sitemap = SitePath("sitemap.xml")
    public static let robots = SitePath("robots.txt")
    public static let stylesheet = SitePath("assets/style.css")

    public static let contest = SitePath("contest/")
    public static let results = SitePath("contest/results/")
    public static let gallery = SitePath("contest/gallery/")

    public static func singer(_ id: String) -> SitePath { SitePath("contest/singers/\(id)/") }
    public static func thumbnail(_ fileName: String) -> SitePath { SitePath("media/thumbs/" + fileName) }
    public static let thumbnails = SitePath("media/thumbs/")

    public static func notice(slug: String) -> SitePath { SitePath("notices/\(slug)/") }
    /// Page `number` of the notice list: `notices/`, `notices/page/2/`, …
    public static func notices(page number: Int) -> SitePath { number <= 1 ? notices : SitePath("notices/page/\(number)/") }
    public static let search = SitePath("search/")
    public static let searchIndex = SitePath("search.json")
    public static let calendar = SitePath("calendar.ics")
    public static func results(_ round: ScoreReport.Round) -> SitePath { SitePath("contest/results/\(round.rawValue)/") }
    public static func project(slug: String) -> SitePath { SitePath("projects/\(slug)/") }
    public static func asset(_ name: String) -> SitePath { SitePath("assets/" + name) }
}
