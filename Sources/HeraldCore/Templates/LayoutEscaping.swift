import CGLib
import Mustache

/// How a layout prints a value: `{{name}}` goes through here, `{{{html}}}` does not.
///
/// swift-mustache's own HTML escaping looks each *Character* up in a table, and a quote followed by a
/// combining mark (U+0301) is one Character that is not in it: such a quote closed the attribute it was
/// in and let the text after it add attributes of its own (`onmouseover=…`). glib's
/// `g_markup_escape_text` escapes by code point: `&<>'"`, and control characters as references.
///
/// Text it would not change (nearly every value: Chinese names and titles, relative URLs) comes back as
/// it is, without a copy. swift-mustache walked every value Character by Character through a dictionary,
/// a tenth of a clean build's CPU.
///
/// It is registered as the content type `HTML`, and every layout is parsed with `pragma` before its first
/// line: swift-mustache starts each partial with its built-in escaping otherwise.
struct LayoutEscaping: MustacheContentType {
    /// Selects this escaping; a standalone line, so the layout's own first line is parsed as before.
    static let pragma = "{{% CONTENT_TYPE: HTML}}\n"

    /// Registers the escaping as `HTML` (a layout naming that content type gets it too); evaluated once,
    /// before the first layout is parsed.
    static let registered: Void = MustacheContentTypes.register(LayoutEscaping(), named: "HTML")

    func escapeText(_ text: String) -> String { Self.escaped(text) }

    static func escaped(_ text: String) -> String {
        // Scanned as one buffer of bytes: a million values at 30,000 singers.
        let changed = text.utf8.withContiguousStorageIfAvailable { $0.contains(where: isChanged) }
            ?? text.utf8.contains(where: isChanged)
        return changed ? glibEscaped(text) : text
    }

    /// `text` as `g_markup_escape_text` writes it.
    static func glibEscaped(_ text: String) -> String {
        // glib reads a NUL as the end of its result; content never has one (`TextSanitizer`), so drop it.
        var text = text.utf8.contains(0) ? String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\0" })) : text
        guard !text.isEmpty else { return text }
        return text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { characters in
                guard let escaped = g_markup_escape_text(characters.baseAddress, gssize(characters.count)) else { return "" }
                defer { g_free(escaped) }
                return String(cString: escaped)
            }
        }
    }

    /// The UTF-8 bytes of text `g_markup_escape_text` changes: `&<>'"`, C0 controls other than tab and
    /// line breaks, DEL, the lead byte of U+0080–U+00BF (the C1 controls are among those), and NUL.
    private static func isChanged(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x22, 0x26, 0x27, 0x3C, 0x3E: true
        case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F, 0x7F, 0xC2: true
        default: false
        }
    }
}
