import Foundation

/// `content/site.yml`: what the whole site is called, where it is hosted, and its required footer items.
public struct SiteConfig: Sendable {
    public var title: String
    /// The public address, always ending in `/` (e.g. `https://example.org/campaign/2024/`).
    public var baseURL: URL
    public var language: String
    public var timeZone: TimeZone
    public var organizer: String?
    public var description: String?
    /// How many items the feed carries.
    public var feedLimit: Int
    /// ICP备案号, 公安备案号, 网站标识码: shown in the footer when given.
    public var icp: String?
    public var policeRecord: String?
    public var siteCode: String?
    /// `markdown.unsafe`: raw HTML in bodies is passed through instead of shown as text.
    public var markdownUnsafe: Bool
    public var limits = ContentLimits()
    /// Notices per page of the notice list.
    public var paginate = 20

    static let fields = ["title", "base_url", "language", "timezone", "organizer", "description", "feed",
                         "icp", "police_record", "site_code", "markdown", "limits", "paginate"]

    /// The path part of `base_url` (`/campaign/2024/`), used only where a page cannot use relative links (404.html).
    public var basePath: String {
        let path = baseURL.path
        return path.hasSuffix("/") ? path : path + "/"
    }

    /// The absolute URL of a path below the site root (`notices/a/`).
    public func absoluteURL(_ sitePath: String) -> String {
        baseURL.absoluteString + sitePath
    }

    static func load(from file: String, text: String, diagnostics: inout Diagnostics) -> SiteConfig? {
        let source = YAMLSource(file: file)
        guard let node = source.compose(text, into: &diagnostics) else {
            if !diagnostics.hasErrors {
                diagnostics.error(at: SourceLocation(file: file), "site.yml 是空的", hint: "至少写上 `title:` 和 `base_url:`")
            }
            return nil
        }
        guard let reader = MappingReader(node, source: source, subject: "site.yml", diagnostics: &diagnostics) else { return nil }
        reader.warnAboutUnknownKeys(fields, diagnostics: &diagnostics)

        let title = reader.string("title", required: true, diagnostics: &diagnostics)
        let baseURL = readBaseURL(reader, &diagnostics)
        let timeZoneName = reader.string("timezone", diagnostics: &diagnostics) ?? "Asia/Shanghai"
        let timeZone = TimeZone(identifier: timeZoneName)
        if timeZone == nil {
            diagnostics.error(at: reader.location(of: "timezone"), "不认识的时区“\(timeZoneName)”",
                              hint: "写成 IANA 时区名，如 `Asia/Shanghai`")
        }
        var feedLimit = 20
        if let feedNode = reader.value("feed"),
           let feed = MappingReader(feedNode, source: source, subject: "feed", diagnostics: &diagnostics) {
            feed.warnAboutUnknownKeys(["limit"], diagnostics: &diagnostics)
            feedLimit = feed.integer("limit", in: 1...1000, diagnostics: &diagnostics) ?? feedLimit
        }
        var unsafe = false
        if let markdownNode = reader.value("markdown"),
           let markdown = MappingReader(markdownNode, source: source, subject: "markdown", diagnostics: &diagnostics) {
            markdown.warnAboutUnknownKeys(["unsafe"], diagnostics: &diagnostics)
            unsafe = markdown.bool("unsafe", default: false, diagnostics: &diagnostics)
        }
        var limits = ContentLimits()
        if let limitsNode = reader.value("limits"),
           let table = MappingReader(limitsNode, source: source, subject: "limits", diagnostics: &diagnostics) {
            table.warnAboutUnknownKeys(ContentLimits.fields, diagnostics: &diagnostics)
            if let kb = table.integer("markdown_kb", in: 1...1_048_576, diagnostics: &diagnostics) { limits.markdownBytes = kb * 1024 }
            if let kb = table.integer("yaml_kb", in: 1...1_048_576, diagnostics: &diagnostics) { limits.yamlBytes = kb * 1024 }
            if let mb = table.integer("media_mb", in: 1...100_000, diagnostics: &diagnostics) { limits.mediaBytes = mb << 20 }
        }
        var config = SiteConfig(
            title: title ?? "",
            baseURL: baseURL ?? URL(string: "https://example.invalid/")!,
            language: reader.string("language", diagnostics: &diagnostics) ?? "zh-CN",
            timeZone: timeZone ?? TimeZone(secondsFromGMT: 8 * 3600)!,
            organizer: reader.string("organizer", diagnostics: &diagnostics),
            description: reader.string("description", diagnostics: &diagnostics),
            feedLimit: feedLimit,
            icp: reader.string("icp", diagnostics: &diagnostics),
            policeRecord: reader.string("police_record", diagnostics: &diagnostics),
            siteCode: reader.string("site_code", diagnostics: &diagnostics),
            markdownUnsafe: unsafe
        )
        config.limits = limits
        config.paginate = reader.integer("paginate", in: 1...1000, diagnostics: &diagnostics) ?? 20
        return config
    }

    private static func readBaseURL(_ reader: MappingReader, _ diagnostics: inout Diagnostics) -> URL? {
        guard let text = reader.string("base_url", required: true,
                                       hint: "写上网站的公开地址，如 `https://example.org/campaign/2024/`",
                                       diagnostics: &diagnostics) else { return nil }
        let normalized = text.hasSuffix("/") ? text : text + "/"
        guard let url = URL(string: normalized), let scheme = url.scheme?.lowercased(),
              scheme == "https" || scheme == "http", url.host != nil, url.query == nil, url.fragment == nil else {
            diagnostics.error(at: reader.location(of: "base_url"), "`base_url` 不是有效的网址：“\(text)”",
                              hint: "写成 `https://域名/` 或 `https://域名/子路径/`")
            return nil
        }
        return url
    }
}
