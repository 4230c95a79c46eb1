import Foundation
import Yams

/// Reads the fields of one YAML mapping, reporting each problem at the line of the field (or of the
/// mapping, when a required field is missing) and remembering which keys were read, so that a typo
/// can be pointed out.
struct MappingReader {
    let source: YAMLSource
    let node: Node
    /// What the mapping is, for messages: “通知前言”, “site.yml”, “联系人”.
    let subject: String
    private(set) var pairs: [(key: String, keyNode: Node, value: Node)] = []

    /// Nil, with a diagnostic, when `node` is not a mapping.
    init?(_ node: Node, source: YAMLSource, subject: String, diagnostics: inout Diagnostics) {
        guard let mapping = node.mapping else {
            diagnostics.error(at: source.location(of: node), "\(subject)应当是“字段: 值”的列表",
                              hint: "每行写成 `字段: 值`，冒号用半角并在其后空一格")
            return nil
        }
        self.source = source
        self.node = node
        self.subject = subject
        self.pairs = mapping.map { (key: $0.key.string ?? "", keyNode: $0.key, value: $0.value) }
    }

    var location: SourceLocation { source.location(of: node) }

    func location(of key: String) -> SourceLocation {
        if let pair = pairs.first(where: { $0.key == key }) { return source.location(of: pair.keyNode) }
        return location
    }

    func value(_ key: String) -> Node? {
        guard let value = pairs.first(where: { $0.key == key })?.value else { return nil }
        if value.scalar != nil, value.null != nil { return nil }
        return value
    }

    // MARK: - Scalars

    func string(_ key: String, required: Bool = false, hint: String? = nil, diagnostics: inout Diagnostics) -> String? {
        guard let node = value(key) else {
            if required {
                diagnostics.error(at: location, "\(subject)缺少必填字段 `\(key)`",
                                  hint: hint ?? "加上一行 `\(key): …`")
            }
            return nil
        }
        guard let scalar = node.scalar else {
            diagnostics.error(at: source.location(of: node), "`\(key)` 应当是一段文字，而不是列表或嵌套字段",
                              hint: hint ?? "写成 `\(key): 文字`")
            return nil
        }
        let text = TextSanitizer.clean(scalar.string).trimmed()
        if text.isEmpty {
            if required {
                diagnostics.error(at: source.location(of: node), "`\(key)` 不能为空", hint: hint ?? "在冒号后填写内容")
            }
            return nil
        }
        return text
    }

    func bool(_ key: String, default fallback: Bool, diagnostics: inout Diagnostics) -> Bool {
        guard let node = value(key) else { return fallback }
        switch node.scalar?.string.lowercased() {
        case "true", "yes", "on", "是": return true
        case "false", "no", "off", "否": return false
        default:
            diagnostics.error(at: source.location(of: node), "`\(key)` 只能是 true 或 false",
                              hint: "写成 `\(key): true` 或 `\(key): false`")
            return fallback
        }
    }

    func integer(_ key: String, in range: ClosedRange<Int>, required: Bool = false, diagnostics: inout Diagnostics) -> Int? {
        guard let node = value(key) else {
            if required {
                diagnostics.error(at: location, "\(subject)缺少必填字段 `\(key)`",
                                  hint: "加上一行 `\(key): \(range.lowerBound)`（\(range.lowerBound)–\(range.upperBound) 的整数）")
            }
            return nil
        }
        guard let text = node.scalar?.string, let number = Int(text), range.contains(number) else {
            diagnostics.error(at: source.location(of: node), "`\(key)` 应当是 \(range.lowerBound)–\(range.upperBound) 之间的整数",
                              hint: "例如 `\(key): \(range.lowerBound)`")
            return nil
        }
        return number
    }

    /// A date or date-time; with `required`, a missing field is an error.
    func date(_ key: String, required: Bool = false, diagnostics: inout Diagnostics) -> (CampaignDate, SourceLocation)? {
        guard let node = value(key) else {
            if required {
                diagnostics.error(at: location, "\(subject)缺少必填字段 `\(key)`", hint: "加上一行 `\(key): 2024-05-08`")
            }
            return nil
        }
        let position = source.location(of: node)
        guard let text = node.scalar?.string, let date = CampaignDate(parsing: text) else {
            let shown = node.scalar?.string ?? ""
            diagnostics.error(at: position, "`\(key)` 的日期“\(shown)”无法识别",
                              hint: "写成 `2024-05-08`，或带时间 `2024-05-08T09:00:00+08:00`")
            return nil
        }
        return (date, position)
    }

    // MARK: - Lists

    /// A list of strings; a single string is accepted as a list of one.
    func stringList(_ key: String, diagnostics: inout Diagnostics) -> [String] {
        guard let node = value(key) else { return [] }
        if let scalar = node.scalar {
            let text = TextSanitizer.clean(scalar.string).trimmed()
            return text.isEmpty ? [] : [text]
        }
        guard let sequence = node.sequence else {
            diagnostics.error(at: source.location(of: node), "`\(key)` 应当是列表", hint: "写成 `\(key): [甲, 乙]`")
            return []
        }
        var result: [String] = []
        for item in sequence {
            guard let text = item.scalar.map({ TextSanitizer.clean($0.string).trimmed() }),
                  !text.isEmpty else {
                diagnostics.error(at: source.location(of: item), "`\(key)` 的每一项都应当是一段文字", hint: "删去空项或嵌套内容")
                continue
            }
            result.append(text)
        }
        return result
    }

    /// A list of strings, each with its position (a single string is a list of one).
    func stringListWithLocations(_ key: String, diagnostics: inout Diagnostics) -> [(String, SourceLocation)] {
        guard let node = value(key) else { return [] }
        let items = node.sequence.map(Array.init) ?? [node]
        return items.compactMap { item in
            guard let text = item.scalar.map({ TextSanitizer.clean($0.string).trimmed(.whitespaces) }),
                  !text.isEmpty else {
                diagnostics.error(at: source.location(of: item), "`\(key)` 的每一项都应当是一段文字", hint: "写成 `\(key): [甲, 乙]`")
                return nil
            }
            return (text, source.location(of: item))
        }
    }

    /// A list of mappings, each handed to `read` with its own reader.
    func mappingList<T>(_ key: String, itemSubject: String, diagnostics: inout Diagnostics,
                        _ read: (MappingReader, inout Diagnostics) -> T?) -> [T] {
        guard let node = value(key) else { return [] }
        guard let sequence = node.sequence else {
            diagnostics.error(at: source.location(of: node), "`\(key)` 应当是列表，每项以 `- ` 开头",
                              hint: "例如 `\(key): [{…}, {…}]`")
            return []
        }
        var result: [T] = []
        for item in sequence {
            guard let reader = MappingReader(item, source: source, subject: itemSubject, diagnostics: &diagnostics) else { continue }
            if let value = read(reader, &diagnostics) { result.append(value) }
        }
        return result
    }

    // MARK: - Unknown keys

    /// Warns about every key that is not in `known`, suggesting the nearest known one.
    func warnAboutUnknownKeys(_ known: [String], diagnostics: inout Diagnostics) {
        for pair in pairs where !known.contains(pair.key) {
            if !pair.key.isEmpty, pair.key.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
                // `votes: 12,016` in a `{…}` line is read as `votes: 12` and a field `016`: the number changed.
                diagnostics.error(at: source.location(of: pair.keyNode), "\(subject)中的“\(pair.key)”被当成了字段：前面的数字里多了逗号，数字被截断了",
                                  hint: "数字里不要写千位分隔符，如 `votes: 12016`")
                continue
            }
            let suggestion = KeySuggestion.nearest(to: pair.key, among: known)
            let hint = suggestion.map { "是不是想写 `\($0)`？" } ?? "可用的字段：\(known.joined(separator: "、"))"
            diagnostics.warning(at: source.location(of: pair.keyNode), "\(subject)中有未知字段 `\(pair.key)`，它会被忽略",
                                hint: hint)
        }
    }
}

enum KeySuggestion {
    /// The known key within edit distance 2 of `key`, if one is clearly nearest.
    static func nearest(to key: String, among known: [String]) -> String? {
        let scored = known.map { ($0, distance(Array(key.lowercased()), Array($0))) }.sorted { $0.1 < $1.1 }
        guard let best = scored.first, best.1 <= max(1, min(2, key.count / 3)) else { return nil }
        return best.0
    }

    /// Edit distance counting a swap of two neighbours as one edit (`titel` → `title`).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}

extension MappingReader {
    /// A plain decimal number (`92`, `88.5`), read exactly from its text: never through a binary float.
    func decimal(_ key: String, in range: ClosedRange<Decimal>? = nil, required: Bool = false,
                 diagnostics: inout Diagnostics) -> Decimal? {
        guard let node = value(key) else {
            if required { diagnostics.error(at: location, "\(subject)缺少必填字段 `\(key)`", hint: "加上一行 `\(key): 数值`") }
            return nil
        }
        return Self.decimal(node, key: key, in: range, source: source, diagnostics: &diagnostics)
    }

    static func decimal(_ node: Node, key: String, in range: ClosedRange<Decimal>?, source: YAMLSource,
                        diagnostics: inout Diagnostics) -> Decimal? {
        let text = node.scalar?.string.trimmed(.whitespaces) ?? ""
        let isPlainNumber = !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
            && text.filter { $0 == "." }.count <= 1 && text.first != "." && text.last != "."
        guard isPlainNumber, let number = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            diagnostics.error(at: source.location(of: node), "`\(key)` 的值“\(text)”不是数字",
                              hint: "写成不带单位的数字，如 `90` 或 `88.5`")
            return nil
        }
        if let range, !range.contains(number) {
            diagnostics.error(at: source.location(of: node), "`\(key)` 的值 \(text) 超出范围 \(range.lowerBound)–\(range.upperBound)",
                              hint: "检查是否录入有误")
            return nil
        }
        return number
    }
}
