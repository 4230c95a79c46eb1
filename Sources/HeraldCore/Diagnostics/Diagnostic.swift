import Foundation

/// A position in a source file, 1-based like a compiler's.
public struct SourceLocation: Sendable, Hashable, Comparable {
    /// The file as the editor would open it (the content folder joined with the file's path).
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int = 1, column: Int = 1) {
        self.file = file
        self.line = max(line, 1)
        self.column = max(column, 1)
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// One message for an editor: where, what is wrong, and what to do about it.
public struct Diagnostic: Sendable, Hashable {
    public enum Severity: String, Sendable, Codable {
        case error
        case warning
    }

    public var severity: Severity
    public var location: SourceLocation
    /// What is wrong, in the editor's words.
    public var message: String
    /// What to do about it; printed after the message.
    public var hint: String?

    public init(_ severity: Severity, at location: SourceLocation, _ message: String, hint: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.hint = hint
    }

    public static func error(at location: SourceLocation, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, at: location, message, hint: hint)
    }

    public static func warning(at location: SourceLocation, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.warning, at: location, message, hint: hint)
    }

    /// `path:line:column: error: message；hint`
    public var summaryLine: String {
        var text = "\(location.file):\(location.line):\(location.column): \(severity.rawValue): \(message)"
        if let hint { text += "；\(hint)" }
        return text
    }
}

/// Collects every diagnostic of a run, so an editor sees all mistakes at once.
public struct Diagnostics: Sendable {
    public private(set) var items: [Diagnostic] = []

    public init() {}

    public mutating func append(_ diagnostic: Diagnostic) {
        items.append(diagnostic)
    }

    public mutating func append(contentsOf other: Diagnostics) {
        items.append(contentsOf: other.items)
    }

    public mutating func error(at location: SourceLocation, _ message: String, hint: String? = nil) {
        items.append(.error(at: location, message, hint: hint))
    }

    public mutating func warning(at location: SourceLocation, _ message: String, hint: String? = nil) {
        items.append(.warning(at: location, message, hint: hint))
    }

    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    public var errorCount: Int { items.filter { $0.severity == .error }.count }
    public var warningCount: Int { items.filter { $0.severity == .warning }.count }

    /// Sorted by file, line and column, duplicates removed.
    public var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return items
            .filter { seen.insert($0).inserted }
            .sorted { ($0.location, $0.severity.rawValue, $0.message) < ($1.location, $1.severity.rawValue, $1.message) }
    }
}
