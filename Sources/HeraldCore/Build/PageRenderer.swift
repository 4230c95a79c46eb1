import Foundation

/// One file of the built site, on its way to the writer.
public struct OutputFile: Sendable {
    public var path: SitePath
    public var data: Data
    /// The content file it was made from, for messages about the built site.
    public var source: String?
    /// For a page: what it was rendered from (layout, theme, template data).
    var fingerprint: Fingerprint?
    /// The page was not rendered: the previous output holds it, made from the same fingerprint, as the
    /// file of this identity (just checked). `data` is empty; `fragmentLinks` are the page's links to
    /// anchors of other pages, as the last build read them.
    var previousIdentity: FileSystem.Identity?
    var isUnchanged: Bool { previousIdentity != nil }
    var fragmentLinks: [LinkVerifier.FragmentLink] = []

    public init(path: SitePath, data: Data, source: String? = nil) {
        self.path = path
        self.data = data
        self.source = source
    }
}

/// Stage 4: renders every page through the theme's layouts, and the feed, sitemap and robots.txt.
/// Each file is stored as soon as it is made, on the thread that made it, so the site is never held in memory.
struct PageRenderer: Sendable {
    let resolved: ResolvedSite
    let theme: Theme
    /// Cover thumbnails made by the media step, for the gallery and singer pages.
    var covers: MediaPublisher.Covers = [:]
    /// What the previous build left in `output/`: pages made from the same data are not rendered again.
    var previousOutput: OutputManifest?

    private var site: SiteConfig { resolved.site }
    private var zone: TimeZone { resolved.site.timeZone }

    /// How many HTML pages `render` will emit, for progress reports.
    var expectedPageCount: Int {
        let noticePages = max(1, (resolved.notices.count + site.paginate - 1) / site.paginate)
        var count = 1 + noticePages + resolved.notices.count + 1 + resolved.projects.count + 1 + 1   // + search + 404
        if let contest = resolved.contest { count += 3 + contest.results.count + contest.contestants.count }
        return count
    }

    /// `store` writes a file and reads it back, from whichever thread made it (notice and singer pages are
    /// made on every core, the gallery on a thread of its own); `counted` then receives the stored files in
    /// the site's order, on this thread, without their bytes.
    func render(into diagnostics: inout Diagnostics, store: @escaping @Sendable (OutputFile) throws -> Void,
                counted: ([OutputFile]) -> Void) throws {
        func emit(_ file: OutputFile) throws { try counted([Self.stored(file, by: store)]) }
        // Made from the whole site rather than page by page, on other threads while the pages render:
        // the calendar and search index, the feeds and sitemap, and the digest of what the contest's
        // gallery and singer pages show.
        let resolved = self.resolved, covers = self.covers
        let indexes = Parallel.Background {
            StageTimer.measure("calendar+search index") {
                [OutputFile(path: SiteRoutes.calendar, data: CalendarFeed(resolved: resolved).ics(), source: nil),
                 OutputFile(path: SiteRoutes.searchIndex, data: SearchIndex(resolved: resolved).json(), source: nil)]
            }
        }
        let feeds = Parallel.Background {
            StageTimer.measure("feeds+sitemap") { () -> [OutputFile] in
                var files: [OutputFile] = []
                SiteFeeds(resolved: resolved).render { files.append($0) }
                files.append(OutputFile(path: SiteRoutes.sitemap, data: Sitemap(resolved: resolved).xml(), source: nil))
                return files
            }
        }
        let galleryInput = resolved.contest.map { contest in
            Parallel.Background { () -> (GalleryPages.Input, Fingerprint) in
                StageTimer.measure("contest input digest") {
                    let input = GalleryPages.Input(contest: contest, covers: covers)
                    return (input, FingerprintEncoder.fingerprint(of: input))
                }
            }
        }
        defer { _ = (indexes.value, feeds.value, galleryInput?.value) }   // never leave them running
        try emit(page(SiteRoutes.home, layout: "home", title: site.title, description: site.description, diagnostics: &diagnostics) { context, path in
            let latest = latestNotices(from: path)
            context.home = HomeView(
                latestNotices: latest,
                hasNotices: !latest.isEmpty,
                projects: resolved.projects.map { projectSummary($0, from: path) },
                hasProjects: !resolved.projects.isEmpty,
                noticesURL: path.relativeURL(to: SiteRoutes.notices),
                projectsURL: path.relativeURL(to: SiteRoutes.projects),
                contest: resolved.contest.map { ContestPages(contest: $0, timeZone: zone).contestView(from: path) })
        })

        let perPage = site.paginate
        let pageCount = max(1, (resolved.notices.count + perPage - 1) / perPage)
        for number in 1...pageCount {
            let path = SiteRoutes.notices(page: number)
            let notices = Array(resolved.notices.dropFirst((number - 1) * perPage).prefix(perPage))
            try emit(page(path, layout: "notice-list", title: number == 1 ? "通知公告" : "通知公告（第 \(number) 页）",
                          description: nil,
                          previous: number > 1 ? SiteRoutes.notices(page: number - 1) : nil,
                          next: number < pageCount ? SiteRoutes.notices(page: number + 1) : nil,
                          diagnostics: &diagnostics) { context, path in
                context.noticeList = NoticeListView(
                    notices: notices.map { noticeSummary($0, from: path) }, hasNotices: !notices.isEmpty,
                    pagination: pageCount == 1 ? nil : PaginationView(
                        pages: (1...pageCount).map { PaginationView.PageLink(
                            number: $0, href: path.relativeURL(to: SiteRoutes.notices(page: $0)), current: $0 == number) },
                        previous: number > 1 ? path.relativeURL(to: SiteRoutes.notices(page: number - 1)) : nil,
                        next: number < pageCount ? path.relativeURL(to: SiteRoutes.notices(page: number + 1)) : nil))
            })
        }
        try inBatches(resolved.notices, into: &diagnostics, store: store, counted: counted) { notice, diagnostics in
            page(notice.path, layout: notice.notice.page.layout ?? "notice", title: notice.notice.title,
                 description: notice.summary, preview: notice.visibility == .preview,
                 source: notice.notice.page.file, diagnostics: &diagnostics) { context, _ in
                context.notice = noticeView(notice)
            }
        }

        try emit(page(SiteRoutes.projects, layout: "project-list", title: "子项目", description: nil, diagnostics: &diagnostics) { context, path in
            context.projectList = ProjectListView(projects: resolved.projects.map { projectSummary($0, from: path) },
                                                  hasProjects: !resolved.projects.isEmpty)
        })
        for project in resolved.projects {
            try emit(page(project.path, layout: project.project.page.layout ?? "project", title: project.project.title,
                          description: project.summary, preview: project.visibility == .preview,
                          source: project.project.page.file, diagnostics: &diagnostics) { context, _ in
                context.project = projectView(project, from: project.path)
            })
        }

        if let contest = resolved.contest, let (input, digest) = galleryInput?.value {
            try renderContest(contest, input: input, digest: digest, into: &diagnostics, store: store, counted: counted)
        }

        try indexes.value.forEach(emit)
        try emit(page(SiteRoutes.search, layout: "search", title: "搜索", description: nil, diagnostics: &diagnostics) { context, path in
            context.search = SearchView(root: path.rootPrefix, indexURL: path.relativeURL(to: SiteRoutes.searchIndex),
                                        scriptURL: path.relativeURL(to: SiteRoutes.asset("search.js")),
                                        noticesURL: path.relativeURL(to: SiteRoutes.notices))
        })

        try emit(page(SiteRoutes.notFound, layout: "404", title: "页面不存在", description: nil, noindex: true, diagnostics: &diagnostics) { _, _ in })

        for (name, data) in theme.assets.sorted(by: { $0.key < $1.key }) {
            try emit(OutputFile(path: SiteRoutes.asset(name), data: data, source: nil))
        }
        try feeds.value.forEach(emit)
        try emit(OutputFile(path: SiteRoutes.robots, data: robots(), source: nil))
    }

    // MARK: - Contest

    /// `input`: what the gallery and singer pages show, and `digest` its fingerprint.
    private func renderContest(_ contest: ResolvedContest, input: GalleryPages.Input, digest inputDigest: Fingerprint,
                               into diagnostics: inout Diagnostics, store: @escaping @Sendable (OutputFile) throws -> Void,
                               counted: ([OutputFile]) -> Void) throws {
        func emit(_ file: OutputFile) throws { try counted([Self.stored(file, by: store)]) }
        let pages = ContestPages(contest: contest, timeZone: zone)
        try emit(page(SiteRoutes.contest, layout: "contest", title: contest.rules.name,
                      description: "\(contest.rules.name)的赛程、报名要求、名额和评分办法。",
                      source: contest.rules.file, diagnostics: &diagnostics) { context, path in
            context.contest = pages.contestView(from: path)
        })
        try emit(page(SiteRoutes.results, layout: "results-list", title: "比赛结果", description: nil,
                      source: contest.rules.file, diagnostics: &diagnostics) { context, path in
            context.resultsIndex = pages.resultsIndexView(from: path)
        })
        for results in contest.results {
            try emit(page(results.path, layout: "results", title: results.title, description: results.summary,
                          preview: results.visibility == .preview, source: results.source,
                          diagnostics: &diagnostics) { context, _ in
                context.results = pages.resultsView(results)
            })
        }

        // The gallery and the singer pages are made from `input` alone (and each page's chrome): its digest
        // tells a rebuild whether any of them can differ, before a single view is made.
        let gallery = GalleryPages(input)
        let preview = input.showsUnpublishedResults
        // The gallery is one page holding every singer (2 s of rendering and 1.7 s of writing and reading
        // back at 30,000 singers): it is made and stored on a thread of its own while the singer pages below
        // keep both cores busy.
        let renderer = self
        let galleryPage = Parallel.Background { () -> (Result<OutputFile, any Error>, Diagnostics) in
            var local = Diagnostics()
            let file = renderer.page(SiteRoutes.gallery, layout: "gallery", title: "复赛选手作品",
                                     description: "\(contest.rules.name)复赛选手作品，按地市、产业（行业）工会和独立会员单位展示。",
                                     preview: preview, source: contest.rules.file, key: .madeFrom(inputDigest),
                                     diagnostics: &local) { context, path in
                context.gallery = gallery.galleryView(from: path)
            }
            return (Result { try Self.stored(file, by: store) }, local)
        }
        defer { _ = galleryPage.value }   // never leave it running, even when writing failed
        // One page per singer: the bulk of a large contest. A singer page differs from another only by what
        // `input` holds about the singer (its title, description and share image are made from it too), so
        // all of them share one fingerprint of the site's chrome and the input, told apart by the singer's
        // id: an unchanged page costs a look-up, no view.
        let chrome = self.chrome(SiteRoutes.singer(input.singers.first?.id ?? ""), title: "", description: nil,
                                 preview: preview, shareImage: SiteRoutes.thumbnail(""))
        let family = theme.fingerprint(of: MadeFrom(chrome: chrome, input: inputDigest.description), layout: "singer")
        try inBatches(input.singers, into: &diagnostics, store: store, counted: counted) { singer, diagnostics in
            var fingerprint = family
            fingerprint.add(singer.id)
            return page(SiteRoutes.singer(singer.id), layout: "singer", title: "\(singer.name)《\(singer.song)》",
                        description: "\(gallery.unitName(singer)) \(singer.name) 演唱《\(singer.song)》，\(input.name)复赛作品。",
                        preview: preview, shareImage: gallery.shareImage(singer), source: singer.source,
                        key: .fingerprint(fingerprint), diagnostics: &diagnostics) { context, path in
                context.singer = gallery.singerView(singer, at: path)
            }
        }
        let (file, problems) = galleryPage.value
        diagnostics.append(contentsOf: problems)
        try counted([file.get()])
    }

    // MARK: - Pages

    /// One page per item, made and stored on every core a batch at a time, each batch counted once stored;
    /// messages in the items' order, and the first failure to store (in the items' order) thrown.
    private func inBatches<Item: Sendable>(_ items: [Item], into diagnostics: inout Diagnostics,
                                           store: @escaping @Sendable (OutputFile) throws -> Void,
                                           counted: ([OutputFile]) -> Void,
                                           _ make: @Sendable (Item, inout Diagnostics) -> OutputFile) throws {
        var start = 0
        while start < items.count {
            let batch = Array(items[start..<min(start + 256, items.count)])
            start += batch.count
            let stored = Parallel.map(batch, reporting: &diagnostics) { item, diagnostics in
                Result { try Self.stored(make(item, &diagnostics), by: store) }
            }
            try counted(stored.map { try $0.get() })
        }
    }

    /// `file` once `store` has written it, as counting needs it: without its bytes.
    private static func stored(_ file: OutputFile, by store: (OutputFile) throws -> Void) throws -> OutputFile {
        try store(file)
        var counted = file
        counted.data = Data()
        return counted
    }

    /// How a page's fingerprint is taken: what a rebuild compares with the last build's to leave the page
    /// as it is.
    enum PageKey {
        /// From the page's views, made first: most pages are cheap to make.
        case views
        /// From the chrome and the digest of everything the view is made from (with the page's address):
        /// the view is made only when the page has to be rendered.
        case madeFrom(Fingerprint)
        /// Given by the caller, who knows what the whole page is made from.
        case fingerprint(Fingerprint)
    }

    /// What `.madeFrom` digests.
    private struct MadeFrom: Encodable {
        let chrome: PageContext
        let input: String
    }

    private func page(_ path: SitePath, layout: String, title: String, description: String?,
                      preview: Bool = false, noindex: Bool = false, shareImage: SitePath? = nil, source: String? = nil,
                      previous: SitePath? = nil, next: SitePath? = nil, key: PageKey = .views,
                      diagnostics: inout Diagnostics,
                      _ fill: (inout PageContext, SitePath) -> Void) -> OutputFile {
        if case .fingerprint(let fingerprint) = key, let file = unchanged(path, fingerprint: fingerprint, source: source) {
            return file
        }
        var context = chrome(path, title: title, description: description, preview: preview, noindex: noindex,
                             shareImage: shareImage, previous: previous, next: next)
        guard theme.hasLayout(layout) else {
            diagnostics.error(at: SourceLocation(file: source ?? "layouts"), "没有名为“\(layout)”的版式",
                              hint: "在 layouts/ 里新建 \(layout).mustache")
            return OutputFile(path: path, data: Data(), source: source)
        }
        let fingerprint: Fingerprint
        switch key {
        case .views:
            fill(&context, Self.linkBase(of: path))
            fingerprint = theme.fingerprint(of: context, layout: layout)
            if let file = unchanged(path, fingerprint: fingerprint, source: source) { return file }
        case .madeFrom(let input):
            fingerprint = theme.fingerprint(of: MadeFrom(chrome: context, input: input.description), layout: layout)
            if let file = unchanged(path, fingerprint: fingerprint, source: source) { return file }
            fill(&context, Self.linkBase(of: path))
        case .fingerprint(let given):
            fingerprint = given
            fill(&context, Self.linkBase(of: path))
        }
        let data = theme.templateData(context)
        var file = OutputFile(path: path, data: Data((theme.render(data: data, layout: layout) ?? "").utf8), source: source)
        file.fingerprint = fingerprint
        return file
    }

    /// The page as the previous build left it, when it was made from `fingerprint` and is still there.
    private func unchanged(_ path: SitePath, fingerprint: Fingerprint, source: String?) -> OutputFile? {
        guard let previous = previousOutput?.holdsUnchanged(path.outputFile, fingerprint: fingerprint) else { return nil }
        var file = OutputFile(path: path, data: Data(), source: source)
        file.fingerprint = fingerprint
        file.previousIdentity = previous.identity
        file.fragmentLinks = previous.fragmentLinks
        return file
    }

    /// 404.html is served at whatever address was missing: it links from the base path via <base href>.
    private static func linkBase(of path: SitePath) -> SitePath { path == SiteRoutes.notFound ? SitePath.root : path }

    /// Everything of a page but its own view: head, navigation, the site's name and records.
    private func chrome(_ path: SitePath, title: String, description: String?, preview: Bool = false, noindex: Bool = false,
                        shareImage: SitePath? = nil, previous: SitePath? = nil, next: SitePath? = nil) -> PageContext {
        let linkBase = Self.linkBase(of: path)
        let feeds = SiteFeeds(resolved: resolved)
        let meta = PageMeta(
            title: title,
            documentTitle: path == SiteRoutes.home ? site.title : "\(title) - \(site.title)",
            description: description,
            canonical: site.absoluteURL(path == SiteRoutes.home ? "" : path.value),
            root: linkBase.rootPrefix,
            baseHref: path == SiteRoutes.notFound ? site.basePath : nil,
            noindex: noindex || preview || resolved.clock.includesDrafts,
            preview: preview,
            feedURL: linkBase.relativeURL(to: SiteRoutes.feed),
            feeds: feeds.advertised(on: path).map { feed in
                PageMeta.FeedLink(type: feed.format.mediaType, title: "\(feeds.title(of: feed))（\(feed.format.name)）",
                                  href: linkBase.relativeURL(to: feed.path))
            },
            stylesheetURL: linkBase.relativeURL(to: SiteRoutes.stylesheet),
            homeURL: linkBase.relativeURL(to: SiteRoutes.home),
            shareImage: shareImage.map { site.absoluteURL($0.value) },
            previousURL: previous.map { linkBase.relativeURL(to: $0) },
            nextURL: next.map { linkBase.relativeURL(to: $0) })
        return PageContext(site: SiteView(site), page: meta, nav: navigation(from: linkBase, current: path))
    }

    private func navigation(from base: SitePath, current: SitePath) -> [NavLink] {
        var sections = [("首页", SiteRoutes.home), ("通知公告", SiteRoutes.notices), ("子项目", SiteRoutes.projects)]
        if resolved.contest != nil { sections.append(("歌手大赛", SiteRoutes.contest)) }
        sections.append(("搜索", SiteRoutes.search))
        return sections.map { title, target in
            let isCurrent = target == SiteRoutes.home ? current == target : current.value.hasPrefix(target.value)
            return NavLink(title: title, href: base.relativeURL(to: target), current: isCurrent)
        }
    }

    // MARK: - Views

    /// The home page's 最新通知: notices and published results notices (复赛结果公示, 获奖名单), newest first.
    private func latestNotices(from base: SitePath, count: Int = 5) -> [NoticeSummaryView] {
        var items = resolved.notices.prefix(count).map { (date: $0.publishedAt, view: noticeSummary($0, from: base)) }
        if let contest = resolved.contest {
            let pages = ContestPages(contest: contest, timeZone: zone)
            items += contest.results.map { ($0.publishedAt, pages.summaryView($0, from: base)) }
        }
        // Newest first; on the same instant, notices before results and each in its own order.
        let ordered = items.enumerated().sorted { lhs, rhs in
            lhs.element.date != rhs.element.date ? lhs.element.date > rhs.element.date : lhs.offset < rhs.offset
        }
        return ordered.prefix(count).map(\.element.view)
    }

    private func noticeSummary(_ notice: PublishedNotice, from base: SitePath) -> NoticeSummaryView {
        let issued = notice.notice.date.instant(in: zone)
        return NoticeSummaryView(
            title: notice.notice.title, href: base.relativeURL(to: notice.path),
            date: ChineseFormat.date(issued, in: zone), isoDate: ChineseFormat.isoDay(issued, in: zone),
            docNumber: notice.notice.docNumber, issuers: notice.notice.issuers.joined(separator: "　"),
            summary: notice.summary, preview: notice.visibility == .preview)
    }

    private func noticeView(_ notice: PublishedNotice) -> NoticeView {
        let issued = notice.notice.date.instant(in: zone)
        let contacts = notice.notice.contacts.map(ContactView.init)
        return NoticeView(
            title: notice.notice.title, docNumber: notice.notice.docNumber, issuers: notice.notice.issuers,
            issuersLine: notice.notice.issuers.joined(separator: "　"), hasIssuers: !notice.notice.issuers.isEmpty,
            addressees: notice.notice.addressees,
            date: ChineseFormat.date(issued, in: zone), isoDate: ChineseFormat.isoDay(issued, in: zone),
            updated: notice.updatedAt.map { ChineseFormat.date($0, in: zone) },
            isoUpdated: notice.updatedAt.map { ChineseFormat.isoDay($0, in: zone) },
            body: notice.bodyHTML,
            attachments: notice.attachments.map { LinkView(title: $0.title, href: $0.href) },
            hasAttachments: !notice.attachments.isEmpty,
            contacts: contacts, hasContacts: !contacts.isEmpty)
    }

    private func projectSummary(_ project: PublishedProject, from base: SitePath) -> ProjectSummaryView {
        ProjectSummaryView(
            number: project.project.number, numberLabel: ChineseFormat.numeral(project.project.number),
            title: project.project.title, href: base.relativeURL(to: project.path), host: project.project.host,
            summary: project.summary, preview: project.visibility == .preview)
    }

    private func projectView(_ project: PublishedProject, from base: SitePath) -> ProjectView {
        let contacts = project.project.contacts.map(ContactView.init)
        let notices = resolved.notices.filter { $0.notice.projects.contains { $0.slug == project.project.page.slug } }
            .map { noticeSummary($0, from: base) }
        return ProjectView(
            number: project.project.number, numberLabel: ChineseFormat.numeral(project.project.number),
            title: project.project.title, host: project.project.host, body: project.bodyHTML,
            contacts: contacts, hasContacts: !contacts.isEmpty, notices: notices, hasNotices: !notices.isEmpty)
    }

    private func robots() -> Data {
        var text = "User-agent: *\n"
        text += resolved.clock.includesDrafts ? "Disallow: /\n" : "Allow: /\n"
        text += "\nSitemap: \(site.absoluteURL(SiteRoutes.sitemap.value))\n"
        return Data(text.utf8)
    }
}
