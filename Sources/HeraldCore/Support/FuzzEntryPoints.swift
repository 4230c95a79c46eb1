import Foundation

/// Entry points for the libFuzzer targets in `Tests/Fuzz` (and their regression tests): each runs one of
/// Herald's readers on bytes held in memory, the way a build reads a file, and returns what Herald reported.
/// `herald` itself never calls these; they exist because a fuzz build cannot use `@testable import`.
public enum FuzzEntryPoints {
    /// What one Markdown page gave: the diagnostics of its front matter and the HTML of its body.
    public struct MarkdownPageResult: Sendable {
        public var diagnostics: Diagnostics
        /// The body rendered with raw HTML shown as text (as Herald renders every page), or nil when the
        /// file never got that far (not UTF-8, or an unterminated front matter).
        public var html: String?
        /// The body rendered with raw HTML allowed (`MarkdownRenderer(allowsRawHTML: true)`).
        public var unsafeHTML: String?
        /// The plain-text summary of `html`, read back with libxml2 as the resolver makes it.
        public var summary: String?
    }

    /// A Markdown page as `notices/*.md` is read: UTF-8 check, `FrontMatter.split`, the YAML composed with
    /// Yams and every field read through `MappingReader` the way the page loaders read them (text, flag,
    /// date, number, list, contact and attachment lists, unknown-key suggestions), then the body rendered
    /// by `MarkdownRenderer` with every link resolved through `SiteGraph.normalize`, and summarised.
    public static func markdownPage(_ data: Data, file: String = "content/notices/fuzz.md") -> MarkdownPageResult {
        var diagnostics = Diagnostics()
        var result = MarkdownPageResult(diagnostics: Diagnostics())
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.error(at: SourceLocation(file: file), "文件不是 UTF-8 编码")
            result.diagnostics = diagnostics
            return result
        }
        let frontMatter: FrontMatter
        switch FrontMatter.split(text) {
        case .success(let split):
            frontMatter = split
        case .failure:
            diagnostics.error(at: SourceLocation(file: file), "前言以 `---` 开始，却没有结束的 `---`")
            result.diagnostics = diagnostics
            return result
        }
        if let yaml = frontMatter.yaml {
            readFrontMatter(yaml, source: YAMLSource(file: file, lineOffset: frontMatter.yamlFirstLine - 1),
                            diagnostics: &diagnostics)
        }

        let resolve: (MarkdownRenderer.Destination) -> String? = { destination in
            if destination.url.isEmpty || destination.url.hasPrefix("#") || SiteGraph.hasScheme(destination.url) {
                return destination.url
            }
            let path = destination.url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard let normalized = SiteGraph.normalize(String(path), from: "notices") else { return nil }
            return "/" + normalized
        }
        let html = MarkdownRenderer().render(frontMatter.body, resolve: resolve)
        result.html = html
        result.unsafeHTML = MarkdownRenderer(allowsRawHTML: true).render(frontMatter.body, resolve: resolve)
        result.summary = Summary.of(html: html)
        result.diagnostics = diagnostics
        return result
    }

    /// `BuildPipeline.check()` with a theme loaded once by the caller: parsing the built-in theme's
    /// templates costs more than the rest of a check of a small site, and never depends on content.
    public static func check(_ options: BuildOptions, theme: Theme) -> BuildPipeline.CheckResult {
        BuildPipeline(options: options).check(theme: theme)
    }

    private static let frontMatterFields = Notice.fields + ["kind", "number", "order", "score", "tags"]

    /// Reads every field of a front matter the way the page loaders do, whatever its key.
    private static func readFrontMatter(_ yaml: String, source: YAMLSource, diagnostics: inout Diagnostics) {
        guard let node = source.compose(yaml, into: &diagnostics) else { return }
        if node.mapping == nil,
           let suspect = FullWidthPunctuation.firstSuspect(in: yaml, near: yaml.split(separator: "\n").count) {
            diagnostics.error(at: SourceLocation(file: source.file, line: suspect.line + source.lineOffset, column: suspect.column),
                              "前言应当是“字段: 值”的列表，这里用了全角“\(suspect.character)”")
            return
        }
        guard let reader = MappingReader(node, source: source, subject: "通知前言", diagnostics: &diagnostics) else { return }
        reader.warnAboutUnknownKeys(frontMatterFields, diagnostics: &diagnostics)
        for key in reader.pairs.map(\.key) {
            _ = reader.location(of: key)
            _ = reader.string(key, diagnostics: &diagnostics)
            _ = reader.bool(key, default: false, diagnostics: &diagnostics)
            _ = reader.integer(key, in: 0...1_000_000, diagnostics: &diagnostics)
            _ = reader.decimal(key, in: 0...100, diagnostics: &diagnostics)
            _ = reader.date(key, diagnostics: &diagnostics)
            _ = reader.stringList(key, diagnostics: &diagnostics)
            _ = reader.mappingList(key, itemSubject: "联系人", diagnostics: &diagnostics, Contact.read)
            _ = reader.mappingList(key, itemSubject: "附件", diagnostics: &diagnostics, Attachment.read)
        }
        if let slug = reader.string("slug", diagnostics: &diagnostics) { _ = Slug.isValid(slug) }
    }
}
