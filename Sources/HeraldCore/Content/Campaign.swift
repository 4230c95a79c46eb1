import Foundation

/// Everything read from `content/`, typed, before any rule across files is checked.
public struct Campaign: Sendable {
    public var content: ContentDirectory
    public var site: SiteConfig
    public var notices: [Notice]
    public var projects: [Project]
    /// The contest under `contest/`, when the campaign has one.
    public var contest: Contest?
    /// Notices and projects that are there but did not load (their errors are reported).
    public var unloaded: [String] = []
}

/// Stage 1 of the build: reads every content file, collecting all problems instead of stopping at the first.
public struct ContentLoader {
    public let content: ContentDirectory
    /// Where parsed contestant files and notices are kept between builds; nil: parse every file.
    public var cacheDirectory: String?
    /// How long a file must have been left alone to be cached (tests shorten it).
    var cacheSettling: TimeInterval = 2

    public init(content: ContentDirectory, cacheDirectory: String? = nil) {
        self.content = content
        self.cacheDirectory = cacheDirectory
    }

    public func load(into diagnostics: inout Diagnostics) -> Campaign? {
        guard content.isDirectory("") else {
            diagnostics.error(at: SourceLocation(file: content.root), "找不到内容文件夹",
                              hint: "在网站文件夹里运行 herald，或用 `--content 路径` 指明内容文件夹")
            return nil
        }
        let siteFile = content.displayPath("site.yml")
        var site: SiteConfig?
        var content = self.content
        if !content.exists("site.yml") {
            diagnostics.error(at: SourceLocation(file: siteFile), "缺少 site.yml",
                              hint: "在内容文件夹里新建 site.yml，至少写上 `title:` 和 `base_url:`")
        } else if let text = content.readText("site.yml", limit: content.limits.yamlBytes, diagnostics: &diagnostics) {
            site = SiteConfig.load(from: siteFile, text: text, diagnostics: &diagnostics)
        }
        if let limits = site?.limits { content.limits = limits }
        // Files are read and parsed on every core; results and messages keep the files' order.
        let loadedContent = content
        let noticeFiles = StageTimer.measure("list notices") { content.files(in: "notices", withExtension: "md") }
        // Unchanged notices come from what the last build read (their front matter is most of loading).
        let noticeCache = cacheDirectory.map { NoticeFileCache(cacheDirectory: $0, content: loadedContent, settling: cacheSettling) }
        let notices = StageTimer.measure("load notices") {
            Parallel.map(noticeFiles, reporting: &diagnostics) { path, diagnostics in
                guard let noticeCache else { return Notice.load(path, in: loadedContent, diagnostics: &diagnostics) }
                let (notice, found) = noticeCache.value(of: path, in: loadedContent) { Notice.load(path, in: loadedContent, diagnostics: &$0) }
                diagnostics.append(contentsOf: found)
                return notice
            }
        }
        noticeCache?.save()
        let projectFiles = content.files(in: "projects", withExtension: "md")
        let projects = Parallel.map(projectFiles, reporting: &diagnostics) { Project.load($0, in: loadedContent, diagnostics: &$1) }
        let unloaded = zip(noticeFiles, notices).filter { $0.1 == nil }.map(\.0)
            + zip(projectFiles, projects).filter { $0.1 == nil }.map(\.0)
        let cache = cacheDirectory.map {
            ContestantFileCache(cacheDirectory: $0, contentRoot: content.root, yamlLimit: content.limits.yamlBytes, settling: cacheSettling)
        }
        let contest = StageTimer.measure("load contest") { ContestLoader(content: content, cache: cache).load(into: &diagnostics) }
        guard let site else { return nil }
        return Campaign(content: content, site: site, notices: notices.compactMap { $0 }, projects: projects.compactMap { $0 },
                        contest: contest, unloaded: unloaded)
    }
}
