import CLibXML2
import Foundation

/// An HTML page or fragment read back with libxml2's HTML parser. Herald reads HTML only through this.
public final class HTMLDocument {
    private let document: htmlDocPtr

    /// Parses UTF-8 HTML; nil only when libxml2 cannot make a tree at all.
    public init?(html: String) {
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
                            | HTML_PARSE_COMPACT.rawValue)
        let parsed: htmlDocPtr? = html.utf8CString.withUnsafeBufferPointer { buffer in
            htmlReadMemory(buffer.baseAddress, Int32(buffer.count - 1), nil, "UTF-8", options)
        }
        guard let parsed else { return nil }
        document = parsed
    }

    public convenience init?(data: Data) {
        self.init(html: String(decoding: data, as: UTF8.self))
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
        var node = start
        while let current = node {
            if current.pointee.type == XML_ELEMENT_NODE {
                visit(current)
                walk(current.pointee.children, visit)
            }
            node = current.pointee.next
        }
    }

    private func collectText(_ start: xmlNodePtr?, into pieces: inout [String]) {
        var node = start
        while let current = node {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { pieces.append(String(cString: content)) }
            case XML_ELEMENT_NODE:
                let name = Self.name(of: current)
                if name != "script" && name != "style" {
                    if Self.blockElements.contains(name) { pieces.append(" ") }
                    collectText(current.pointee.children, into: &pieces)
                    if Self.blockElements.contains(name) { pieces.append(" ") }
                }
            default:
                break
            }
            node = current.pointee.next
        }
    }

    private static let blockElements: Set<String> = [
        "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "td", "th", "blockquote", "pre", "section",
    ]

    private static func name(of node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    private static func attributes(of node: xmlNodePtr) -> [(name: String, value: String)] {
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
