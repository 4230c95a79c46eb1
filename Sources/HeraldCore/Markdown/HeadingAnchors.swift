import CCmarkGFM

/// Gives every heading of a Markdown body an `id` as GitHub does, so an editor can link to a part of a
/// long notice (`[总体要求](#一总体要求)`, or from another notice `a.md#一总体要求`): the heading's text,
/// lower-cased, with punctuation and symbols dropped and spaces turned into hyphens; a repeated id gets
/// `-1`, `-2`, ….
///
/// cmark-gfm writes headings without attributes, so each heading is marked in the tree with a text node
/// made of Unicode noncharacters (U+FDD0, U+FDD1: never assigned, never typed — unlike the private-use
/// area, where Chinese offices keep their self-made characters), and the marker and the `<hN>` before it
/// become `<hN id="…">` in the HTML. Content reaches the renderer without them (`TextSanitizer`).
struct HeadingAnchors {
    private static let open = Character(Unicode.Scalar(0xFDD0 as UInt32) ?? "\u{E000}")
    private static let close = Character(Unicode.Scalar(0xFDD1 as UInt32) ?? "\u{E001}")
    private var ids: [String] = []
    /// Ids the built-in layouts give elements around a body: a heading never takes one (it gets `-1`).
    static let layoutIDs = ["main", "advancing-title", "attachments-title", "awards-title", "contacts-title",
                            "contest-title", "gallery-filter", "latest-title", "project-notices-title", "projects-title",
                            "ranking-title", "rounds-title", "search-query", "stages-title", "submission-title",
                            "video-caption"]

    /// Marks the headings of `document`; nil when there are none.
    init?(marking document: OpaquePointer, headings: [OpaquePointer]) {
        guard !headings.isEmpty else { return nil }
        var used = Set(Self.layoutIDs)
        var suffixes: [String: Int] = [:]
        for heading in headings {
            let base = Self.slug(Self.text(of: heading))
            var id = base
            // Taken already (by a heading, a layout or a footnote): the next free `-1`, `-2`, ….
            while !id.isEmpty, used.contains(id) || Self.isFootnoteID(id) {
                let next = suffixes[base, default: 1]
                suffixes[base] = next + 1
                id = "\(base)-\(next)"
            }
            used.insert(id)
            guard let marker = cmark_node_new(CMARK_NODE_TEXT) else { return nil }
            cmark_node_set_literal(marker, "\(Self.open)\(ids.count)\(Self.close)")
            cmark_node_prepend_child(heading, marker)
            ids.append(id)
        }
    }

    /// The rendered HTML with each marked `<hN>` carrying its id (an empty one is left out), in one pass
    /// over the bytes (a notice can have dozens of headings; searching the page once per heading was
    /// most of a 3,000-notice build's resolve stage).
    func apply(to html: String) -> String {
        let bytes = Array(html.utf8)
        let open = Array(String(Self.open).utf8), close = Array(String(Self.close).utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + ids.count * 24)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == open[0], bytes[index...].starts(with: open) else {
                result.append(bytes[index])
                index += 1
                continue
            }
            // A marker: its number, then the closing character.
            var end = index + open.count
            var number = 0
            while end < bytes.count, (0x30...0x39).contains(bytes[end]) {
                number = number * 10 + Int(bytes[end] - 0x30)
                end += 1
            }
            guard bytes[end...].starts(with: close) else {   // not one of ours: keep it as it is
                result.append(bytes[index])
                index += 1
                continue
            }
            index = end + close.count
            // Right after `<hN>`: the id goes into that tag.
            let count = result.count
            if number < ids.count, !ids[number].isEmpty, count >= 4, result[count - 4] == UInt8(ascii: "<"),
               result[count - 3] == UInt8(ascii: "h"), (0x31...0x36).contains(result[count - 2]),
               result[count - 1] == UInt8(ascii: ">") {
                result.removeLast()
                result.append(contentsOf: Array(" id=\"\(ids[number])\">".utf8))
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// cmark-gfm's own ids for footnotes and their references: `fn-1`, `fnref-2`.
    private static func isFootnoteID(_ id: String) -> Bool {
        for prefix in ["fn-", "fnref-"] where id.hasPrefix(prefix) {
            let rest = id.dropFirst(prefix.count)
            if !rest.isEmpty, rest.allSatisfy(\.isASCII), rest.allSatisfy(\.isNumber) { return true }
        }
        return false
    }

    /// GitHub's rule: lower-case; keep letters, marks, digits, `-` and `_`; a space becomes `-`.
    static func slug(_ text: String) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
                slug.unicodeScalars.append(scalar)
            case .spaceSeparator where scalar == " ":
                slug.append("-")
            default:
                if scalar == "-" || scalar == "_" { slug.unicodeScalars.append(scalar) }
            }
        }
        return slug
    }

    /// The text of a heading as a reader sees it (emphasis, links and code included).
    private static func text(of node: OpaquePointer) -> String {
        var text = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if let literal = cmark_node_get_literal(current) { text += String(cString: literal) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += " "
            default:
                text += Self.text(of: current)
            }
            child = cmark_node_next(current)
        }
        return text
    }
}
