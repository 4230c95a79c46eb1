import Foundation

/// Splits a Markdown file into its YAML front matter and its body.
struct FrontMatter {
    /// The YAML between the `---` lines, or nil when the file has none.
    var yaml: String?
    var body: String
    /// The line of the file on which the YAML text starts (the one after the opening `---`).
    var yamlFirstLine: Int
    /// The line of the file on which the body starts.
    var bodyFirstLine: Int

    enum Problem: Error {
        /// An opening `---` with no closing one.
        case unterminated
    }

    static func split(_ text: String) -> Result<FrontMatter, Problem> {
        // "\r\n" is one Character in Swift: normalise line endings before looking for lines.
        var cleaned = TextSanitizer.clean(text)
        if cleaned.utf8.contains(UInt8(ascii: "\r")) { cleaned = cleaned.replacingOccurrences(of: "\r\n", with: "\n") }
        var text = Substring(cleaned)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        // Lines are found on the bytes: "\n" is one byte in UTF-8 and never part of another character,
        // and a notice is only read up to its closing `---`.
        let bytes = text.utf8
        func lineEnd(from start: String.Index) -> String.Index {
            bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        }
        let firstEnd = lineEnd(from: bytes.startIndex)
        guard isFence(text[bytes.startIndex..<firstEnd]), firstEnd < bytes.endIndex else {
            if isFence(text[bytes.startIndex..<firstEnd]) { return .failure(.unterminated) }
            return .success(FrontMatter(yaml: nil, body: String(text), yamlFirstLine: 1, bodyFirstLine: 1))
        }
        let yamlStart = bytes.index(after: firstEnd)
        var lineStart = yamlStart
        var lineNumber = 2
        while true {
            let end = lineEnd(from: lineStart)
            if isFence(text[lineStart..<end]) {
                let yaml = lineStart == yamlStart ? "" : String(text[yamlStart..<bytes.index(before: lineStart)])
                let body = end < bytes.endIndex ? String(text[bytes.index(after: end)...]) : ""
                return .success(FrontMatter(yaml: yaml, body: body, yamlFirstLine: 2, bodyFirstLine: lineNumber + 1))
            }
            guard end < bytes.endIndex else { return .failure(.unterminated) }
            lineStart = bytes.index(after: end)
            lineNumber += 1
        }
    }

    private static func isFence(_ line: Substring) -> Bool {
        let bytes = line.utf8
        // A fence holds three hyphens in a row: nearly every line has none, and is not one.
        var hyphens = 0
        guard bytes.contains(where: { byte in
            hyphens = byte == UInt8(ascii: "-") ? hyphens + 1 : 0
            return hyphens == 3
        }) else { return false }
        // Plain lines (the usual case) are checked on their bytes; others as text, so that a fence
        // indented with full-width spaces is still found.
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            return line.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\r"))) == "---"
        }
        let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0D }
        return bytes.drop(while: isBlank).reversed().drop(while: isBlank).elementsEqual("---".utf8)
    }
}
