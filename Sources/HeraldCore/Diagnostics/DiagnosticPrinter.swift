import Foundation

/// Prints diagnostics like a compiler: the position line, then the offending source line with a caret.
public struct DiagnosticPrinter {
    private var sourceCache: [String: [Substring]] = [:]

    public init() {}

    /// Diagnostics in the order given (sorted by file and line), a blank line between files.
    public mutating func text(for diagnostics: [Diagnostic]) -> String {
        var text = ""
        var previousFile: String?
        for diagnostic in diagnostics {
            if let previousFile, previousFile != diagnostic.location.file { text += "\n" }
            text += render(diagnostic)
            previousFile = diagnostic.location.file
        }
        return text
    }

    private mutating func render(_ diagnostic: Diagnostic) -> String {
        var text = diagnostic.summaryLine + "\n"
        if let line = sourceLine(diagnostic.location) {
            let shown = line.replacingOccurrences(of: "\t", with: " ")
            text += "    \(shown)\n"
            let caretOffset = min(diagnostic.location.column - 1, shown.count)
            text += "    " + caretPadding(shown, upTo: caretOffset) + "^\n"
        }
        return text
    }

    /// Pads with spaces, counting CJK characters as two columns so the caret lines up in a terminal.
    private func caretPadding(_ line: String, upTo count: Int) -> String {
        var padding = ""
        for scalar in line.unicodeScalars.prefix(count) {
            padding += TextWidth.isWide(scalar) ? "  " : " "
        }
        return padding
    }

    private mutating func sourceLine(_ location: SourceLocation) -> String? {
        if sourceCache[location.file] == nil {
            guard let data = FileManager.default.contents(atPath: location.file),
                  let text = String(data: data, encoding: .utf8) else { return nil }
            sourceCache[location.file] = text.replacingOccurrences(of: "\r\n", with: "\n")
                .split(separator: "\n", omittingEmptySubsequences: false)
        }
        guard let lines = sourceCache[location.file], location.line <= lines.count else { return nil }
        let line = String(lines[location.line - 1]).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        return line.isEmpty ? nil : line
    }

    /// Machine-readable form for `--format json`; `pretty: false` gives one line (a server-sent event's data).
    public static func json(for diagnostics: [Diagnostic], pretty: Bool = true) -> String {
        struct Entry: Encodable {
            let file: String, line: Int, column: Int, severity: String, message: String, hint: String?
        }
        let entries = diagnostics.map {
            Entry(file: $0.location.file, line: $0.location.line, column: $0.location.column,
                  severity: $0.severity.rawValue, message: $0.message, hint: $0.hint)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(entries)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + (pretty ? "\n" : "")
    }
}

enum TextWidth {
    /// East Asian wide and full-width characters take two terminal columns.
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
