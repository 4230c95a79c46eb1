import Foundation

/// What every Markdown page shares: where it came from, its body, and the fields that place it.
public struct PageSource: Sendable {
    /// Relative to `content/`: `notices/good-netizen-2024.md`.
    public var relativePath: String
    /// As shown in messages: `content/notices/good-netizen-2024.md`.
    public var file: String
    public var body: String
    public var bodyFirstLine: Int
    /// The URL segment, explicit or derived from the file name.
    public var slug: String
    public var slugLocation: SourceLocation
    /// A layout name other than the kind's default, from front matter `layout`.
    public var layout: String?
    public var layoutLocation: SourceLocation
    public var draft: Bool

    /// The folder of the source file, relative to `content/` (`notices`).
    public var folder: String {
        folderPart(of: relativePath)
    }

    public func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }
}

/// Reads a Markdown file's front matter; `read` turns the mapping into a typed page.
enum MarkdownFileReader {
    static func read<Page>(
        _ relativePath: String, in content: ContentDirectory, subject: String,
        diagnostics: inout Diagnostics,
        _ read: (MappingReader, PageSource, inout Diagnostics) -> Page?
    ) -> Page? {
        self.read(relativePath, in: content, subject: subject, requiresFrontMatter: true, diagnostics: &diagnostics) {
            reader, page, diagnostics in
            guard let reader else { return nil }
            return read(reader, page, &diagnostics)
        }
    }

    /// As above; without `requiresFrontMatter`, a file with no front matter is all body and `read` gets no reader.
    static func read<Page>(
        _ relativePath: String, in content: ContentDirectory, subject: String, requiresFrontMatter: Bool,
        diagnostics: inout Diagnostics,
        _ read: (MappingReader?, PageSource, inout Diagnostics) -> Page?
    ) -> Page? {
        let file = content.displayPath(relativePath)
        guard let text = content.readText(relativePath, limit: content.limits.markdownBytes, diagnostics: &diagnostics) else {
            return nil
        }
        let frontMatter: FrontMatter
        switch FrontMatter.split(text) {
        case .success(let split):
            frontMatter = split
        case .failure:
            diagnostics.error(at: SourceLocation(file: file), "前言以 `---` 开始，却没有结束的 `---`",
                              hint: "在前言最后一个字段之后单独加一行 `---`")
            return nil
        }
        let name = ((relativePath as NSString).lastPathComponent as NSString).deletingPathExtension
        guard let yaml = frontMatter.yaml else {
            if !requiresFrontMatter {
                let page = PageSource(relativePath: relativePath, file: file, body: frontMatter.body,
                                      bodyFirstLine: frontMatter.bodyFirstLine, slug: Slug.fromFileName(name),
                                      slugLocation: SourceLocation(file: file), layout: nil,
                                      layoutLocation: SourceLocation(file: file), draft: false)
                return read(nil, page, &diagnostics)
            }
            diagnostics.error(at: SourceLocation(file: file), "\(subject)缺少前言（标题、日期等字段）",
                              hint: "在文件开头加上以 `---` 开始和结束的前言，如：`---` / `title: 标题` / `---`")
            return nil
        }
        let source = YAMLSource(file: file, lineOffset: frontMatter.yamlFirstLine - 1)
        var localDiagnostics = Diagnostics()
        guard let node = source.compose(yaml, into: &localDiagnostics) else {
            if !localDiagnostics.hasErrors {
                localDiagnostics.error(at: SourceLocation(file: file), "前言是空的", hint: "至少写上 `title:`")
            }
            diagnostics.append(contentsOf: localDiagnostics)
            return nil
        }
        if node.mapping == nil, let suspect = FullWidthPunctuation.firstSuspect(in: yaml, near: yaml.split(separator: "\n").count) {
            diagnostics.error(at: SourceLocation(file: file, line: suspect.line + source.lineOffset, column: suspect.column),
                              "前言应当是“字段: 值”的列表，这里用了全角“\(suspect.character)”",
                              hint: "把“\(suspect.character)”改成半角“\(suspect.halfWidth)”并在其后空一格")
            return nil
        }
        guard let reader = MappingReader(node, source: source, subject: subject, diagnostics: &diagnostics) else { return nil }

        var slug = Slug.fromFileName(name)
        var slugLocation = SourceLocation(file: file)
        if let explicit = reader.string("slug", diagnostics: &diagnostics) {
            slugLocation = reader.location(of: "slug")
            if Slug.isValid(explicit) {
                slug = explicit
            } else {
                diagnostics.error(at: slugLocation, "`slug` “\(explicit)”不能用作网址",
                                  hint: "只用小写英文字母、数字和连字符，如 `good-netizen-2024`")
            }
        }
        let page = PageSource(
            relativePath: relativePath, file: file, body: frontMatter.body, bodyFirstLine: frontMatter.bodyFirstLine,
            slug: slug, slugLocation: slugLocation,
            layout: reader.string("layout", diagnostics: &diagnostics), layoutLocation: reader.location(of: "layout"),
            draft: reader.bool("draft", default: false, diagnostics: &diagnostics)
        )
        return read(reader, page, &diagnostics)
    }
}
