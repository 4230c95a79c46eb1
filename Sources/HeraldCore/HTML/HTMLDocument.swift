import CLibXML2
import Foundation

/// An HTML page or fragment read back with libxml2's HTML parser. Herald reads HTML only through this.
public final class HTMLDocument {
    private let document: htmlDocPtr

    /// Parses UTF-8 HTML; nil only when libxml2 cannot make a tree at all.
    public init?(html: String) {
        guard let parsed = Self.parse(html) else { return nil }
        document = parsed
    }

    fileprivate static func parse(_ html: String) -> htmlDocPtr? {
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
                            | HTML_PARSE_COMPACT.rawValue)
        _ = LibXML.initialized
        return html.utf8CString.withUnsafeBufferPointer { buffer in
            htmlReadMemory(buffer.baseAddress, Int32(buffer.count - 1), nil, "UTF-8", options)
        }
    }

    deinit { xmlFreeDoc(document) }

    /// One element: its name and attributes, in document order.
    public struct Element {
        public var name: String
        public var attributes: [(name: String, value: String)]

        public func attribute(_ name: String) -> String? {
            attributes.first { $0.name == name }?.value
        }
    }

    /// Every element of the document, in document order.
    public var elements: [Element] {
        var result: [Element] = []
        walk(xmlDocGetRootElement(document)) { node in
            result.append(Element(name: Self.name(of: node), attributes: Self.attributes(of: node)))
        }
        return result
    }

    /// The text a reader sees, whitespace collapsed; script and style contents left out.
    public var text: String {
        var pieces: [String] = []
        collectText(xmlDocGetRootElement(document), into: &pieces)
        return pieces.joined()
            .split(whereSeparator: { $0.isWhitespace })
            .joined(separator: " ")
    }

    private func walk(_ start: xmlNodePtr?, _ visit: (xmlNodePtr) -> Void) {
        HTMLDocument.walk(start, visit)
    }

    /// Visits every element from `start` on, depth first, in document order.
    fileprivate static func walk(_ start: xmlNodePtr?, _ visit: (xmlNodePtr) -> Void) {
        var node = start
        while let current = node {
            if current.pointee.type == XML_ELEMENT_NODE {
                visit(current)
                walk(current.pointee.children, visit)
            }
            node = current.pointee.next
        }
    }

    /// The first `limit` characters of `text`, and whether `text` goes on: reads the tree only as far
    /// as needed (a summary of a long notice needs its first paragraph).
    public func leadingText(_ limit: Int) -> (text: String, isTruncated: Bool) {
        var pieces: [String] = []
        var length = 0
        var collapsed: String?
        collectText(xmlDocGetRootElement(document), into: &pieces) { pieces in
            length += pieces.last?.count ?? 0
            guard length > limit else { return true }
            let text = Self.collapse(pieces)
            guard text.count > limit else { return true }
            collapsed = text   // text from here on only adds to the end
            return false
        }
        let text = collapsed ?? Self.collapse(pieces)
        return text.count > limit ? (String(text.prefix(limit)), true) : (text, false)
    }

    private static func collapse(_ pieces: [String]) -> String {
        pieces.joined().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Appends the text below `start` to `pieces`; stops when `more` returns false. Returns false once stopped.
    @discardableResult
    private func collectText(_ start: xmlNodePtr?, into pieces: inout [String],
                             more: ([String]) -> Bool = { _ in true }) -> Bool {
        var node = start
        while let current = node {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content {
                    let piece = String(cString: content)
                    pieces.append(piece)
                    if !more(pieces) { return false }
                }
            case XML_ELEMENT_NODE:
                let name = Self.name(of: current)
                if name != "script" && name != "style" {
                    if Self.blockElements.contains(name) { pieces.append(" ") }
                    if !collectText(current.pointee.children, into: &pieces, more: more) { return false }
                    if Self.blockElements.contains(name) { pieces.append(" ") }
                }
            default:
                break
            }
            node = current.pointee.next
        }
        return true
    }

    private static let blockElements: Set<String> = [
        "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "td", "th", "blockquote", "pre", "section",
    ]

    fileprivate static func name(of node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    fileprivate static func attributes(of node: xmlNodePtr) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = current.pointee.name.map { String(cString: $0) } ?? ""
            // An attribute's value is the text of its child nodes (entities already decoded by the parser).
            var value = ""
            var child = current.pointee.children
            while let text = child {
                if let content = text.pointee.content { value += String(cString: content) }
                child = text.pointee.next
            }
            result.append((name, value))
            attribute = current.pointee.next
        }
        return result
    }
}

/// The inside of a `<body>` as a libxml2 tree: a page's body HTML parsed, extended with elements, its links
/// rewritten, and written back out by the library — for feeds, which carry a page's content elsewhere.
final class HTMLFragment {
    private let document: htmlDocPtr
    private let body: xmlNodePtr

    /// An element of the fragment, to append children to.
    struct Element {
        fileprivate let node: xmlNodePtr
    }

    /// Parses UTF-8 body HTML (which may be empty); nil only when libxml2 cannot make a tree at all.
    init?(html: String = "") {
        guard let document = htmlNewDocNoDtD(nil, nil) else { return nil }
        // Text is written out as UTF-8 rather than as character references.
        document.pointee.encoding = UnsafePointer(xmlStrdup("UTF-8"))
        guard let root = xmlNewDocNode(document, nil, "html", nil), let body = xmlNewDocNode(document, nil, "body", nil) else {
            xmlFreeDoc(document)
            return nil
        }
        xmlDocSetRootElement(document, root)
        xmlAddChild(root, body)
        self.document = document
        self.body = body
        guard !html.isEmpty, let parsed = HTMLDocument.parse(html) else { return }
        defer { xmlFreeDoc(parsed) }
        // The parser puts a fragment in an implied <html><body>, moving a leading <script> or <style> into an
        // implied <head>; together, in this order, they hold the fragment's nodes as written.
        var container = xmlDocGetRootElement(parsed)?.pointee.children
        while let current = container {
            if current.pointee.type == XML_ELEMENT_NODE, ["head", "body"].contains(HTMLDocument.name(of: current)) {
                var child = current.pointee.children
                while let node = child {
                    if let copy = xmlDocCopyNode(node, document, 1) { xmlAddChild(body, copy) }
                    child = node.pointee.next
                }
            }
            container = current.pointee.next
        }
    }

    deinit { xmlFreeDoc(document) }

    /// Appends `<name attributes…>text</name>` to `parent`, or to the fragment's top level. Text and attribute
    /// values are taken as they are and escaped when written out.
    @discardableResult
    func append(_ name: String, text: String? = nil, attributes: [(String, String)] = [], to parent: Element? = nil) -> Element? {
        guard let node = xmlNewTextChild(parent?.node ?? body, nil, name, text) else { return nil }
        for (key, value) in attributes { xmlSetProp(node, key, value) }
        return Element(node: node)
    }

    /// Puts `<name>text</name>` before everything else at the fragment's top level.
    @discardableResult
    func prepend(_ name: String, text: String) -> Element? {
        guard let first = body.pointee.children else { return append(name, text: text) }
        guard let node = xmlNewDocRawNode(document, nil, name, nil) else { return nil }
        xmlNodeAddContent(node, text)
        return xmlAddPrevSibling(first, node).map { Element(node: $0) }
    }

    /// Replaces every URL in an `href`, `src`, `poster` or `srcset` attribute with `transform(url)`; a URL
    /// it maps to nil is removed (the attribute, or the `srcset` candidate).
    func rewriteURLs(_ transform: (String) -> String?) {
        HTMLDocument.walk(body.pointee.children) { node in
            for (name, value) in HTMLDocument.attributes(of: node) {
                switch name.lowercased() {
                case "href", "src", "poster":
                    if let url = transform(value) { xmlSetProp(node, name, url) } else { xmlUnsetProp(node, name) }
                case "srcset":
                    xmlSetProp(node, name, Self.rewriteSourceSet(value, transform))
                default:
                    break
                }
            }
        }
    }

    /// `a.jpg 1x, b.jpg 2x`: each candidate is a URL and an optional width or density descriptor.
    private static func rewriteSourceSet(_ value: String, _ transform: (String) -> String?) -> String {
        value.split(separator: ",").compactMap { candidate in
            var parts = candidate.split(whereSeparator: { $0.isWhitespace }).map(String.init)
            guard let url = parts.first.flatMap(transform) else { return nil }
            parts[0] = url
            return parts.joined(separator: " ")
        }.joined(separator: ", ")
    }

    /// The fragment as HTML, serialised by libxml2's HTML writer.
    var html: String {
        guard let output = xmlAllocOutputBuffer(nil) else { return "" }
        defer { xmlOutputBufferClose(output) }
        var node = body.pointee.children
        while let current = node {
            htmlNodeDumpFormatOutput(output, document, current, "UTF-8", 0)
            node = current.pointee.next
        }
        xmlOutputBufferFlush(output)
        guard let content = xmlOutputBufferGetContent(output) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: content, count: Int(xmlOutputBufferGetSize(output))), as: UTF8.self)
    }
}
