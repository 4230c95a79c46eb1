import Foundation

// What templates can see. Only the fields here reach a page: a template cannot name anything else,
// so a content field that is not listed (a private one, say) can never be rendered.

/// The site as every page shows it: name, description and the footer items required of Chinese sites.
struct SiteView: Encodable {
    let title: String
    let description: String?
    let organizer: String?
    let language: String
    let icp: String?
    let policeRecord: String?
    let siteCode: String?
    let hasRecordNumbers: Bool

    init(_ site: SiteConfig) {
        title = site.title
        description = site.description
        organizer = site.organizer
        language = site.language
        icp = site.icp
        policeRecord = site.policeRecord
        siteCode = site.siteCode
        hasRecordNumbers = site.icp != nil || site.policeRecord != nil || site.siteCode != nil
    }
}

/// What differs per page in the common frame: title, address, the way back to the root.
struct PageMeta: Encodable {
    let title: String
    /// The `<title>`: the page's title and the site's, or the site's alone on the home page.
    let documentTitle: String
    let description: String?
    let canonical: String
    /// `./`, `../`, `../../`: prefix for links to the site's own files.
    let root: String
    /// Set on 404.html only: served at any depth, it resolves its links from the site's base path.
    let baseHref: String?
    let noindex: Bool
    let preview: Bool
    /// The site-wide RSS feed, for the footer's subscribe link.
    let feedURL: String
    /// Every feed the page names in `<link rel="alternate">`: the site's, then its section's.
    let feeds: [FeedLink]
    let stylesheetURL: String
    let homeURL: String
    /// Absolute URL of the picture a chat app shows for a shared link.
    var shareImage: String? = nil
    /// `<link rel="prev/next">` of a paginated list.
    var previousURL: String? = nil
    var nextURL: String? = nil

    struct FeedLink: Encodable {
        /// `application/rss+xml`, `application/atom+xml`, `application/feed+json`.
        let type: String
        let title: String
        let href: String
    }
}

struct NavLink: Encodable {
    let title: String
    let href: String
    let current: Bool
}

struct ContactView: Encodable {
    let name: String
    let phone: String?
    /// `tel:` link with the digits only.
    let tel: String?
    let org: String?

    init(_ contact: Contact) {
        name = contact.name
        phone = contact.phone
        let digits = contact.phone?.filter { $0.isASCII && ($0.isNumber || $0 == "+") } ?? ""
        tel = digits.count >= 5 ? "tel:" + digits : nil
        org = contact.org
    }
}

struct LinkView: Encodable {
    let title: String
    let href: String
}

struct NoticeSummaryView: Encodable {
    let title: String
    let href: String
    let date: String
    let isoDate: String
    let docNumber: String?
    let issuers: String
    let summary: String
    let preview: Bool
}

struct NoticeView: Encodable {
    let title: String
    let docNumber: String?
    let issuers: [String]
    let issuersLine: String
    let hasIssuers: Bool
    let addressees: String?
    let date: String
    let isoDate: String
    let updated: String?
    let isoUpdated: String?
    let body: String
    let attachments: [LinkView]
    let hasAttachments: Bool
    let contacts: [ContactView]
    let hasContacts: Bool
}

struct ProjectSummaryView: Encodable {
    let number: Int
    let numberLabel: String
    let title: String
    let href: String
    let host: String?
    let summary: String
    let preview: Bool
}

struct ProjectView: Encodable {
    let number: Int
    let numberLabel: String
    let title: String
    let host: String?
    let body: String
    let contacts: [ContactView]
    let hasContacts: Bool
    /// Notices that name this project, newest first.
    let notices: [NoticeSummaryView]
    let hasNotices: Bool
}

struct HomeView: Encodable {
    let latestNotices: [NoticeSummaryView]
    let hasNotices: Bool
    let projects: [ProjectSummaryView]
    let hasProjects: Bool
    let noticesURL: String
    let projectsURL: String
    /// The contest's timeline and links, when the campaign has a contest.
    let contest: ContestView?
}

struct NoticeListView: Encodable {
    let notices: [NoticeSummaryView]
    let hasNotices: Bool
    let pagination: PaginationView?
}

struct PaginationView: Encodable {
    struct PageLink: Encodable {
        let number: Int
        let href: String
        let current: Bool
    }
    let pages: [PageLink]
    let previous: String?
    let next: String?
}

struct ProjectListView: Encodable {
    let projects: [ProjectSummaryView]
    let hasProjects: Bool
}

/// The object a layout is rendered with.
struct PageContext: Encodable {
    let site: SiteView
    let page: PageMeta
    let nav: [NavLink]
    var home: HomeView? = nil
    var noticeList: NoticeListView? = nil
    var notice: NoticeView? = nil
    var projectList: ProjectListView? = nil
    var project: ProjectView? = nil
    var contest: ContestView? = nil
    var results: ResultsView? = nil
    var resultsIndex: ResultsIndexView? = nil
    var gallery: GalleryView? = nil
    var search: SearchView? = nil
    var singer: SingerView? = nil
}

struct SearchView: Encodable {
    /// The way back to the site root, to which the index's addresses are relative.
    let root: String
    let indexURL: String
    let scriptURL: String
    let noticesURL: String
}
