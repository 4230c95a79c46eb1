import CCmarkGFM
import Foundation

/// Turns GitHub-flavoured Markdown into HTML with libcmark-gfm, applying Herald's three rules on the
/// syntax tree (never on the HTML text): raw HTML is shown as the text the editor typed, a soft line
/// break between two CJK characters disappears, and every link or image URL goes through a resolver.
public struct MarkdownRenderer: Sendable {
    /// A link or image destination as written, with its 1-based position in the Markdown text
    /// (column counted in characters).
    public struct Destination: Hashable, Sendable {
        public var url: String
        public var line: Int
        public var column: Int
        public var isImage: Bool
    }

    public var allowsRawHTML: Bool
    /// What earlier builds rendered: texts whose links all lead where they did are not parsed again.
    var memo: MarkdownMemo?

    public init(allowsRawHTML: Bool = false) {
        self.allowsRawHTML = allowsRawHTML
        _ = Self.extensionsRegistered
    }

    init(allowsRawHTML: Bool, memo: MarkdownMemo?) {
        self.init(allowsRawHTML: allowsRawHTML)
        self.memo = memo
    }

    /// cmark-gfm registers its extensions in a global list without a lock: once per process, before any
    /// thread parses (a `static let` is initialised exactly once, thread-safely).
    private static let parsing = NSLock()

    private static let extensionsRegistered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// GitHub's `tagfilter` (which escapes `<iframe>`, `<script>`, `<style>` …) only where raw HTML is
    /// escaped anyway: a site that sets `markdown.unsafe: true` gets the HTML its editors wrote, an
    /// embedded video player included.
    private var extensionNames: [String] {
        allowsRawHTML ? ["table", "strikethrough", "autolink", "tasklist"] : ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]
    }

    private var options: Int32 {
        var options = CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8
        if allowsRawHTML { options |= CMARK_OPT_UNSAFE }
        return options
    }

    /// Everything besides the text and the links' answers that the HTML depends on, for `MarkdownMemo`.
    var settings: String { "\(options) " + extensionNames.joined(separator: ",") }

    /// Renders `markdown`; `resolve` is asked for the URL to emit for each link and image, in document
    /// order, and nil keeps the link's text but drops the link.
    public func render(_ markdown: String, resolve: (Destination) -> String?) -> String {
        if let memo { return memo.render(markdown, with: self, resolve: resolve) }
        return parseAndRender(markdown, resolve: resolve)
    }

    /// The page's summary from its HTML (`Summary.of`), as the memo remembers it when there is one.
    func summary(of html: String) -> String {
        memo?.summary(of: html) { Summary.of(html: $0) } ?? Summary.of(html: html)
    }

    func parseAndRender(_ markdown: String, resolve: (Destination) -> String?) -> String {
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        // cmark-gfm enables and disables its extensions' special inline characters in one table shared by
        // every parser (while parsing inlines, in table rows and when finishing), so two threads parsing at
        // once switch each other's off: parsing takes turns. It is a small part of rendering; walking the
        // tree and writing HTML below run on every core.
        Self.parsing.lock()
        markdown.utf8CString.withUnsafeBufferPointer { buffer in
            cmark_parser_feed(parser, buffer.baseAddress, buffer.count - 1)
        }
        let finished = cmark_parser_finish(parser)
        Self.parsing.unlock()
        guard let document = finished else { return "" }
        defer { cmark_node_free(document) }

        let lines = LineIndex(markdown)
        var rawHTML: [OpaquePointer] = []
        var softBreaks: [OpaquePointer] = []
        var unlinked: [OpaquePointer] = []
        var headings: [OpaquePointer] = []
        var rawLinks: [String: String?] = [:]   // unsafe mode: URLs in raw HTML → what they become (nil: dropped)
        forEachNode(in: document) { node in
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HEADING:
                headings.append(node)
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                let url = String(cString: cmark_node_get_url(node))
                let line = Int(cmark_node_get_start_line(node))
                let column = lines.characterColumn(line: line, byteColumn: Int(cmark_node_get_start_column(node)))
                let destination = Destination(url: url, line: line, column: column,
                                              isImage: cmark_node_get_type(node) == CMARK_NODE_IMAGE)
                if let resolved = resolve(destination) {
                    if resolved != url { cmark_node_set_url(node, resolved) }
                } else {
                    unlinked.append(node)
                }
            case CMARK_NODE_HTML_INLINE, CMARK_NODE_HTML_BLOCK:
                if allowsRawHTML {
                    resolveLinks(inRawHTML: node, lines: lines, resolve: resolve, into: &rawLinks)
                } else {
                    rawHTML.append(node)
                }
            case CMARK_NODE_SOFTBREAK:
                softBreaks.append(node)
            default:
                break
            }
        }
        rawHTML.forEach(showAsText)
        unlinked.forEach(unwrap)
        for softBreak in softBreaks where CJKText.joinsWithoutSpace(
            before: edgeScalar(of: cmark_node_previous(softBreak), last: true),
            after: edgeScalar(of: cmark_node_next(softBreak), last: false)) {
            cmark_node_free(softBreak)
        }
        let anchors = HeadingAnchors(marking: document, headings: headings)

        let extensions = cmark_parser_get_syntax_extensions(parser)
        guard let html = cmark_render_html(document, options, extensions) else { return "" }
        defer { free(html) }
        // Looked for in cmark's bytes (Foundation's `contains` searched the whole page by grapheme).
        let hasFootnotes = strstr(html, "data-footnote-backref") != nil
        var rendered = anchors?.apply(to: String(cString: html)) ?? String(cString: html)
        if rawLinks.contains(where: { $0.key != $0.value }), let fragment = HTMLFragment(html: rendered) {
            fragment.rewriteURLs { url in rawLinks[url] ?? url }
            rendered = fragment.html
        }
        // cmark-gfm labels a footnote's way back in English, a constant of its renderer (an editor's own
        // text with these quotes is escaped, so only cmark writes this attribute unescaped).
        guard hasFootnotes else { return rendered }
        return rendered.replacingOccurrences(of: "aria-label=\"Back to content\"", with: "aria-label=\"返回正文\"")
    }

    private func forEachNode(in root: OpaquePointer, _ body: (OpaquePointer) -> Void) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            if cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) {
                body(node)
            }
        }
    }

    /// With `markdown.unsafe`, raw HTML is kept as written, but its relative URLs are relative to the source
    /// file like a Markdown link's: each URL of an `href`, `src`, `poster` or `srcset` goes through `resolve`
    /// (reported at the line it is on), and the rendered page's attributes are rewritten by libxml2 at the
    /// end (`HTMLFragment.rewriteURLs`, any quoting or spacing). One `resolve` drops, such as a link to a
    /// draft, loses its attribute, as a Markdown link loses its link.
    private func resolveLinks(inRawHTML node: OpaquePointer, lines: LineIndex, resolve: (Destination) -> String?,
                              into mapped: inout [String: String?]) {
        guard let pointer = cmark_node_get_literal(node) else { return }
        let literal = String(cString: pointer)
        let startLine = Int(cmark_node_get_start_line(node))
        let startColumn = Int(cmark_node_get_start_column(node))
        for url in HTMLLinkScanner.scan(Data(literal.utf8)).links where mapped[url] == nil {
            // Where the URL is written: lines and bytes into the literal, from where the node starts.
            let before = literal.range(of: url).map { literal[..<$0.lowerBound].utf8 } ?? Substring("").utf8
            let lineBreaks = before.filter { $0 == 0x0A }.count
            let lineStart = before.lastIndex(of: 0x0A).map { before.index(after: $0) } ?? before.startIndex
            let byteColumn = before.distance(from: lineStart, to: before.endIndex) + 1 + (lineBreaks == 0 ? startColumn - 1 : 0)
            let line = startLine + lineBreaks
            let resolved = resolve(Destination(url: url, line: line, column: lines.characterColumn(line: line, byteColumn: byteColumn),
                                               isImage: false))
            mapped[url] = .some(resolved)
        }
    }

    /// Replaces a raw HTML node with text nodes holding its literal, so the renderer escapes it.
    private func showAsText(_ node: OpaquePointer) {
        let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
        if cmark_node_get_type(node) == CMARK_NODE_HTML_INLINE {
            insertText(literal, before: node)
        } else if let paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH) {
            let lines = literal.split(separator: "\n", omittingEmptySubsequences: false)
            let trimmed = lines.last == "" ? Array(lines.dropLast()) : lines
            for (index, line) in trimmed.enumerated() {
                if index > 0, let lineBreak = cmark_node_new(CMARK_NODE_LINEBREAK) {
                    cmark_node_append_child(paragraph, lineBreak)
                }
                if let text = cmark_node_new(CMARK_NODE_TEXT) {
                    cmark_node_set_literal(text, String(line))
                    cmark_node_append_child(paragraph, text)
                }
            }
            cmark_node_insert_before(node, paragraph)
        }
        cmark_node_free(node)
    }

    /// Replaces a link with its contents (an image with its description).
    private func unwrap(_ node: OpaquePointer) {
        while let child = cmark_node_first_child(node) {
            cmark_node_insert_before(node, child)
        }
        cmark_node_free(node)
    }

    private func insertText(_ literal: String, before node: OpaquePointer) {
        guard let text = cmark_node_new(CMARK_NODE_TEXT) else { return }
        cmark_node_set_literal(text, literal)
        cmark_node_insert_before(node, text)
    }

    /// The first or last character of an inline node's text, descending into emphasis and links.
    private func edgeScalar(of node: OpaquePointer?, last: Bool) -> Unicode.Scalar? {
        guard let node else { return nil }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE:
            guard let literal = cmark_node_get_literal(node) else { return nil }
            let scalars = String(cString: literal).unicodeScalars
            return last ? scalars.last : scalars.first
        default:
            return edgeScalar(of: last ? cmark_node_last_child(node) : cmark_node_first_child(node), last: last)
        }
    }
}

/// Maps cmark's byte columns to character columns, as an editor counts them. Each line's table is built
/// once, so a line with thousands of links costs linear time, not quadratic. The text is cut into lines
/// on its bytes, and only when a column is asked for: most documents (a singer's bio) have no link.
private final class LineIndex {
    private let text: String
    private lazy var lines: [Substring.UTF8View] = text.utf8.split(separator: UInt8(ascii: "\n"),
                                                                   omittingEmptySubsequences: false)
    /// Line number → for each byte offset, the number of characters before it.
    private var tables: [Int: [Int]] = [:]

    init(_ text: String) {
        self.text = text
    }

    func characterColumn(line: Int, byteColumn: Int) -> Int {
        guard line >= 1, line <= lines.count, byteColumn > 1 else { return max(byteColumn, 1) }
        let table = tables[line] ?? buildTable(line)
        return table[min(byteColumn - 1, table.count - 1)] + 1
    }

    private func buildTable(_ line: Int) -> [Int] {
        let bytes = lines[line - 1]
        var table = [Int](repeating: 0, count: bytes.count + 1)
        var characters = 0
        var offset = 0
        for character in Substring(bytes) {
            let width = character.utf8.count
            for step in 0..<width where offset + step <= bytes.count { table[offset + step] = characters }
            offset += width
            characters += 1
        }
        if offset <= bytes.count { table[offset] = characters }
        tables[line] = table
        return table
    }
}
