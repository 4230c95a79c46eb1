import CLibXML2
import Foundation

/// What the link check needs of a page, read with libxml2's HTML parser in SAX mode: the parser calls
/// back for each start tag and builds no tree, so reading back a built page costs a fraction of a
/// parse into `HTMLDocument` (and only the attributes below become Swift strings).
struct HTMLLinkScanner {
    struct Page {
        /// `href` (not of `<base>`), `src`, `poster` and each URL of a `srcset`, in document order.
        var links: [String] = []
        /// Every `id`, and every `name` of an `<a>`: what a `#fragment` can point at.
        var ids: Set<String> = []
        /// The page has a `<base>` element: its relative links resolve from the site root (404.html).
        var hasBase = false
    }

    static func scan(_ data: Data) -> Page {
        let collector = Collector()
        _ = LibXML.initialized
        data.withUnsafeBytes { buffer in
            guard let bytes = buffer.baseAddress?.assumingMemoryBound(to: CChar.self), buffer.count > 0,
                  let context = htmlCreateMemoryParserCtxt(bytes, Int32(clamping: buffer.count)) else { return }
            defer { htmlFreeParserCtxt(context) }
            xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
            // Only start tags are wanted: every other callback (tree building, text, errors) stays empty.
            context.pointee.sax.pointee = htmlSAXHandler()
            context.pointee.sax.pointee.startElement = startElement
            context.pointee.userData = Unmanaged.passUnretained(collector).toOpaque()
            _ = htmlCtxtUseOptions(context, Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                                                  | HTML_PARSE_NONET.rawValue))
            _ = htmlParseDocument(context)
            if let document = context.pointee.myDoc { xmlFreeDoc(document) }
        }
        return collector.page
    }

    private static func matches(_ name: UnsafePointer<xmlChar>, _ expected: StaticString) -> Bool {
        xmlStrEqual(name, expected.utf8Start) != 0
    }

    private final class Collector {
        var page = Page()
    }

    private static let startElement: startElementSAXFunc = { context, name, attributes in
        guard let context, let name, let attributes else { return }
        let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
        let isBase = matches(name, "base")
        let isAnchor = matches(name, "a")
        if isBase { collector.page.hasBase = true }
        var index = 0
        while let attribute = attributes[index] {
            defer { index += 2 }
            guard let rawValue = attributes[index + 1] else { continue }
            let value = { String(cString: rawValue) }
            if matches(attribute, "href") {
                if !isBase { collector.page.links.append(value()) }
            } else if matches(attribute, "src") || matches(attribute, "poster") {
                collector.page.links.append(value())
            } else if matches(attribute, "srcset") {
                collector.page.links += value().split(separator: ",").compactMap {
                    $0.split(separator: " ", omittingEmptySubsequences: true).first.map(String.init)
                }
            } else if matches(attribute, "id") || (isAnchor && matches(attribute, "name")) {
                collector.page.ids.insert(value())
            }
        }
    }
}
