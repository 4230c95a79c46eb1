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
        // "\r\n" is one Character in Swift: normalise line endings before splitting into lines.
        var text = Substring(TextSanitizer.clean(text.replacingOccurrences(of: "\r\n", with: "\n")))
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, isFence(first) else {
            return .success(FrontMatter(yaml: nil, body: String(text), yamlFirstLine: 1, bodyFirstLine: 1))
        }
        guard let closing = lines.dropFirst().firstIndex(where: isFence) else {
            return .failure(.unterminated)
        }
        let yaml = lines[1..<closing].joined(separator: "\n")
        let body = lines[(closing + 1)...].joined(separator: "\n")
        return .success(FrontMatter(yaml: yaml, body: body, yamlFirstLine: 2, bodyFirstLine: closing + 2))
    }

    private static func isFence(_ line: Substring) -> Bool {
        line.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\r"))) == "---"
    }
}
