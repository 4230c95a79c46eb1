import Foundation

/// Stage 3: decides what is public as of `now`, gives every page its URL, and turns Markdown into HTML
/// with every relative link mapped to the page or file it becomes.
struct Resolver {
    let campaign: Campaign
    let scores: ContestScores?
    let clock: PublicationClock
    /// Markdown rendered by earlier builds; nil renders every text.
    var markdownMemo: MarkdownMemo? = nil

    /// A notice's correction date, once it has come: a later one (a typo, or a correction written ahead)
    /// is not shown, dated in the feed or the sitemap before its day, unless previewing with `--drafts`.
    static func correction(of notice: Notice, clock: PublicationClock, diagnostics: inout Diagnostics) -> Date? {
        guard let updated = notice.updated else { return nil }
        let instant = clock.instant(updated)
        guard instant > clock.now, !clock.includesDrafts else { return instant }
        diagnostics.warning(at: notice.updatedLocation ?? SourceLocation(file: notice.page.file),
                            "更正日期 `updated` 还没到，到那天之前不显示更正",
                            hint: "检查日期是否写错；更正当天再发布即可")
        return nil
    }

    /// The contest's folders as links name them, and the pages they lead to (the entries as the public
    /// sees them: the gallery).
    static let contestFolders: [(source: String, page: SitePath)] = [
        ("contest", SiteRoutes.contest), ("contest/results", SiteRoutes.results),
        ("contest/gallery", SiteRoutes.gallery), ("contest/contestants", SiteRoutes.gallery),
    ]

    func resolve(into diagnostics: inout Diagnostics) -> ResolvedSite {
        let site = campaign.site
        var graph = SiteGraph(content: campaign.content)
        graph.add(source: "", page: SiteRoutes.home)
        graph.add(source: "notices", page: SiteRoutes.notices)
        graph.add(source: "projects", page: SiteRoutes.projects)
        if campaign.contest != nil {
            for (source, page) in Self.contestFolders { graph.add(source: source, page: page) }
        }
        // A results preface (`../contest/results/rematch.md`) becomes its results page once published.
        for file in campaign.contest?.results ?? [] {
            guard let preface = file.preface, let round = ScoreReport.Round(rawValue: file.round) else { continue }
            if clock.visibility(draft: false, publishAt: file.publishedAt) == .hidden {
                graph.addUnpublished(source: preface.page.relativePath)
            } else {
                graph.add(source: preface.page.relativePath, page: SiteRoutes.results(round))
            }
        }

        let notices = campaign.notices.map { notice in
            (notice, clock.visibility(draft: notice.page.draft, publishAt: notice.publishAt ?? notice.date))
        }
        let projects = campaign.projects.map { project in
            (project, clock.visibility(draft: project.page.draft, publishAt: nil))
        }
        for (notice, visibility) in notices {
            if visibility == .hidden { graph.addUnpublished(source: notice.page.relativePath) }
            else { graph.add(source: notice.page.relativePath, page: SiteRoutes.notice(slug: notice.page.slug)) }
        }
        for (project, visibility) in projects {
            if visibility == .hidden { graph.addUnpublished(source: project.page.relativePath) }
            else { graph.add(source: project.page.relativePath, page: SiteRoutes.project(slug: project.page.slug)) }
        }
        // Notices and projects that did not load (their errors are reported): links to them are not errors too.
        for file in campaign.unloaded { graph.addUnreadable(source: file) }
        // Likewise a contest whose contest.yml did not load, and a results file that did not.
        if campaign.contest == nil, campaign.content.exists("contest/contest.yml") {
            for (source, _) in Self.contestFolders { graph.addUnreadable(source: source) }
        }
        for round in ["rematch", "final"] where campaign.content.exists("contest/results/\(round).yml")
            && campaign.contest?.results.contains(where: { $0.round == round }) != true {
            graph.addUnreadable(source: "contest/results/\(round).md")
        }

        var links = LinkMapper(graph: graph, allowsAnyScheme: site.markdownUnsafe)
        let renderer = MarkdownRenderer(allowsRawHTML: site.markdownUnsafe, memo: markdownMemo)
        var sources: [SitePath: String] = [:]

        // Notices are rendered on every core (a large campaign has thousands), each with its own copy of
        // the link mapper; the media they link to and their messages are merged in file order.
        let mapper = links, publicationClock = self.clock
        let rendered = Parallel.map(notices.filter { $0.1 != .hidden }, reporting: &diagnostics) { item, diagnostics in
            let (notice, visibility) = item
            var links = mapper
            let path = SiteRoutes.notice(slug: notice.page.slug)
            let body = links.render(notice.page, at: path, with: renderer, diagnostics: &diagnostics)
            let attachments = notice.attachments.map { attachment in
                (title: attachment.title,
                 href: links.map(attachment.href, writtenIn: notice.page.folder, at: attachment.location, from: path,
                                 diagnostics: &diagnostics) ?? "")
            }.filter { !$0.href.isEmpty }
            let page = PublishedNotice(
                notice: notice, path: path, visibility: visibility, bodyHTML: body,
                summary: notice.summary ?? renderer.summary(of: body),
                publishedAt: publicationClock.instant(notice.publishAt ?? notice.date),
                updatedAt: Self.correction(of: notice, clock: publicationClock, diagnostics: &diagnostics),
                attachments: attachments)
            return (page, links)
        }
        var published: [PublishedNotice] = []
        for (page, mapper) in rendered {
            sources[page.path] = page.notice.page.file
            links.include(mapper)
            published.append(page)
        }
        published.sort { lhs, rhs in
            if lhs.publishedAt != rhs.publishedAt { return lhs.publishedAt > rhs.publishedAt }
            return lhs.path < rhs.path
        }

        var publishedProjects: [PublishedProject] = []
        for (project, visibility) in projects where visibility != .hidden {
            let path = SiteRoutes.project(slug: project.page.slug)
            sources[path] = project.page.file
            let body = links.render(project.page, at: path, with: renderer, diagnostics: &diagnostics)
            publishedProjects.append(PublishedProject(
                project: project, path: path, visibility: visibility, bodyHTML: body,
                summary: project.summary ?? renderer.summary(of: body)))
        }
        publishedProjects.sort { ($0.project.number, $0.path) < ($1.project.number, $1.path) }

        let contest = campaign.contest.map { contest in
            ContestResolver(contest: contest, scores: scores, clock: clock, renderer: renderer)
                .resolve(links: &links, sources: &sources, diagnostics: &diagnostics)
        }
        if contest != nil {
            sources[SiteRoutes.contest] = campaign.contest?.rules.file
            sources[SiteRoutes.results] = campaign.contest?.rules.file
        }

        return ResolvedSite(site: site, clock: clock, notices: published, projects: publishedProjects, contest: contest,
                            media: links.media.sorted(), sources: sources, anchorLinks: links.anchorLinks)
    }
}

/// Maps links written in content to URLs relative to the page they appear on, reporting links to nothing.
struct LinkMapper: Sendable {
    let graph: SiteGraph
    /// `markdown.unsafe`: the editor takes responsibility for every URL.
    let allowsAnyScheme: Bool
    private(set) var media: Set<String> = []
    /// Links to anchors, by page and link as written into it (percent-decoded), with where they were written.
    private(set) var anchorLinks: [SitePath: [String: SourceLocation]] = [:]

    /// Schemes a link may use on a public page; `javascript:`, `data:`, `file:` and the like are refused.
    static let safeSchemes: Set<String> = ["http", "https", "mailto", "tel"]

    init(graph: SiteGraph, allowsAnyScheme: Bool = false) {
        self.graph = graph
        self.allowsAnyScheme = allowsAnyScheme
    }

    /// Adds what another copy of this mapper found (pages mapped in parallel).
    mutating func include(_ other: LinkMapper) {
        media.formUnion(other.media)
        anchorLinks.merge(other.anchorLinks) { mine, theirs in mine.merging(theirs) { first, _ in first } }
    }

    /// A Markdown line longer than this is refused: cmark-gfm 0.29.0.gfm.6 (Debian 12) takes time growing
    /// with the square of a line's length for some inputs (a table row of thousands of cells, thousands of
    /// `![[]()` or `a@`), so a pasted blob could stall the build. 16 KB is over 5,000 Chinese characters.
    static let longestMarkdownLine = 16 * 1024

    mutating func render(_ page: PageSource, folder: String? = nil, at path: SitePath, with renderer: MarkdownRenderer,
                         diagnostics: inout Diagnostics) -> String {
        // Line lengths counted on the bytes (splitting the text into lines would run grapheme breaking
        // over every body on every build).
        var lineNumber = page.bodyFirstLine
        for line in page.body.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if line.count > Self.longestMarkdownLine {
                diagnostics.error(at: page.location(line: lineNumber, column: 1),
                                  "这一行有 \(line.count / 1024) KB，超过一行 \(Self.longestMarkdownLine / 1024) KB 的上限",
                                  hint: "在段落之间空一行分段；表格请拆成多个较小的表格")
                return ""
            }
            lineNumber += 1
        }
        return renderer.render(page.body) { destination in
            let location = page.location(line: page.bodyFirstLine + destination.line - 1, column: destination.column)
            return map(destination.url, writtenIn: folder ?? page.folder, at: location, from: path, diagnostics: &diagnostics)
        }
    }

    /// The URL to write for `href`; nil when the link must not be emitted (an error was reported, or
    /// the target is not public in this build).
    mutating func map(_ href: String, writtenIn folder: String, at location: SourceLocation, from page: SitePath,
                      diagnostics: inout Diagnostics) -> String? {
        let mapped = target(of: href, writtenIn: folder, at: location, from: page, diagnostics: &diagnostics)
        if let mapped, mapped.contains("#") {
            anchorLinks[page, default: [:]][mapped.removingPercentEncoding ?? mapped] = location
        }
        return mapped
    }

    private mutating func target(of href: String, writtenIn folder: String, at location: SourceLocation, from page: SitePath,
                                 diagnostics: inout Diagnostics) -> String? {
        switch graph.resolve(href, from: folder) {
        case .external:
            if let scheme = SiteGraph.scheme(of: href), !allowsAnyScheme, !Self.safeSchemes.contains(scheme) {
                diagnostics.error(at: location, "链接“\(href.prefix(60))”使用了不安全的协议 \(scheme):",
                                  hint: "公开页面上只能链接 http(s)、mailto 和 tel 地址")
                return nil
            }
            return href
        case .page(let target, let fragment):
            return page.relativeURL(to: target) + (fragment.map { "#" + $0 } ?? "")
        case .media(let file, let fragment):
            let limit = graph.content.limits.mediaBytes
            if let size = graph.content.fileSize(file), size > limit {
                diagnostics.error(at: location, "链接的文件 \(file) 有 \(ContentLimits.describe(size))，超过 \(ContentLimits.describe(limit)) 的上限",
                                  hint: "压缩后再发布；确需更大可在 site.yml 的 `limits.media_mb` 里调高")
                return nil
            }
            media.insert(file)
            return page.relativeURL(to: SitePath(file)) + (fragment.map { "#" + $0 } ?? "")
        case .unreadable:
            return nil
        case .unpublished:
            diagnostics.warning(at: location, "链接“\(href)”指向的页面尚未发布（草稿或未到发布时间），链接文字将不带链接",
                                hint: "等目标页面发布后再链接，或一同发布")
            return nil
        case .outsideContent:
            diagnostics.error(at: location, "链接“\(href)”指向内容文件夹之外",
                              hint: "只能链接 content/ 里的页面和 media/ 里的文件")
            return nil
        case .notPublishable(let file):
            diagnostics.error(at: location, "链接“\(href)”指向 \(file)，它不会发布到网站",
                              hint: "附件请放进 media/ 文件夹再链接，如 `../media/文件名.pdf`")
            return nil
        case .reserved(let file):
            diagnostics.error(at: location, "链接“\(href)”指向 \(file)，而 \(SiteRoutes.thumbnails.value) 是存放封面缩略图的文件夹，由 Herald 生成",
                              hint: "把文件移到 media/ 下的其他文件夹（如 `media/files/`），再改这个链接")
            return nil
        case .missing(let file):
            diagnostics.error(at: location, "链接“\(href)”指向不存在的页面或文件（\(file.isEmpty ? "content/" : file)）",
                              hint: "检查拼写；相对链接从本文件所在的文件夹算起，如 `../projects/`")
            return nil
        }
    }
}

/// A short plain-text summary of rendered HTML, read back with libxml2.
enum Summary {
    static func of(html: String, limit: Int = 120) -> String {
        guard let (text, isTruncated) = HTMLDocument(html: "<body>" + html + "</body>")?.leadingText(limit) else { return "" }
        return isTruncated ? text + "…" : text
    }
}
