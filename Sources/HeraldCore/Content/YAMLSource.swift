import Foundation
import Yams

/// A YAML text together with where it sits in its file, so every node maps back to `path:line:column`.
struct YAMLSource {
    /// The file's display path.
    var file: String
    /// Lines before the YAML text in the file (1 for front matter after the opening `---`).
    var lineOffset: Int = 0

    func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file, line: lineOffset + 1) }
        return location(of: mark)
    }

    func location(of mark: Mark) -> SourceLocation {
        SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
    }

    /// At most this many nodes once aliases are expanded: a content file has a few thousand at most,
    /// while a "billion laughs" file of nested aliases expands to billions.
    static let nodeBudget = 200_000

    /// Parses the text into a node tree; a syntax error becomes a diagnostic at its position.
    ///
    /// With Yams' basic resolver every scalar stays a string: Herald reads each value as the type its
    /// field needs (`MappingReader`), and dates must stay text anyway (Yams would read a time without an
    /// offset as UTC). The default resolver runs a set of regular expressions on every scalar — a
    /// tenth of a large site's build — for tags nothing here looks at.
    func compose(_ text: String, into diagnostics: inout Diagnostics) -> Node? {
        do {
            guard let node = try Yams.compose(yaml: text, .basic) else { return nil }
            var remaining = Self.nodeBudget
            guard Self.fits(node, within: &remaining) else {
                diagnostics.error(at: SourceLocation(file: file, line: lineOffset + 1),
                                  "YAML 展开后超过 \(Self.nodeBudget) 个节点（别名 *… 层层引用）",
                                  hint: "不要用锚点和别名（&名字 / *名字）层层嵌套；把内容直接写出来")
                return nil
            }
            return node
        } catch let error as YamlError {
            diagnostics.append(diagnostic(for: error, in: text))
            return nil
        } catch {
            diagnostics.error(at: SourceLocation(file: file, line: lineOffset + 1), "无法读取 YAML：\(error)")
            return nil
        }
    }

    /// Counts nodes as a reader would visit them (aliases expanded), stopping once the budget is spent.
    private static func fits(_ node: Node, within remaining: inout Int) -> Bool {
        remaining -= 1
        guard remaining >= 0 else { return false }
        switch node {
        case .scalar, .alias:
            return true
        case .mapping(let mapping):
            for pair in mapping where !(fits(pair.key, within: &remaining) && fits(pair.value, within: &remaining)) {
                return false
            }
            return true
        case .sequence(let sequence):
            for item in sequence where !fits(item, within: &remaining) { return false }
            return true
        }
    }

    private func diagnostic(for error: YamlError, in text: String) -> Diagnostic {
        let hint = "检查缩进、冒号后的空格和引号；含有冒号、# 或引号的文字请用引号括起来"
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "YAML 语法错误：\(problem)"
            if let context { message += "（\(context.text)，始于第 \(context.mark.line + lineOffset) 行）" }
            if let fullWidth = FullWidthPunctuation.firstSuspect(in: text, near: mark.line) {
                return .error(at: SourceLocation(file: file, line: fullWidth.line + lineOffset, column: fullWidth.column),
                              "YAML 语法错误：这里用了全角“\(fullWidth.character)”",
                              hint: "YAML 的语法符号须用半角：把“\(fullWidth.character)”改成“\(fullWidth.halfWidth)”，冒号后空一格")
            }
            return .error(at: location(of: mark), message, hint: hint)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .error(at: location(of: context.mark),
                          "字段重复：\(duplicates.joined(separator: "、"))",
                          hint: "同一层级每个字段只能写一次，删去多余的一行")
        case .reader(let problem, _, _, _):
            return .error(at: SourceLocation(file: file, line: lineOffset + 1), "无法读取 YAML：\(problem)",
                          hint: "请以 UTF-8 编码保存文件")
        default:
            return .error(at: SourceLocation(file: file, line: lineOffset + 1), "无法读取 YAML：\(error)", hint: hint)
        }
    }
}

/// Editors type on Chinese keyboards: `title：` instead of `title:` is the commonest YAML mistake.
enum FullWidthPunctuation {
    struct Suspect { let line: Int; let column: Int; let character: Character; let halfWidth: Character }

    /// The first line at or before `line` whose key is followed by a full-width colon, or that starts with a full-width dash.
    static func firstSuspect(in text: String, near line: Int) -> Suspect? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let last = min(line, lines.count)
        guard last >= 1 else { return nil }
        for number in stride(from: last, through: 1, by: -1) {
            let line = lines[number - 1]
            let trimmed = line.drop { $0 == " " }
            guard let first = trimmed.first, first != "#" else { continue }
            let indent = line.count - trimmed.count
            if first == "－" { return Suspect(line: number, column: indent + 1, character: "－", halfWidth: "-") }
            if let colon = trimmed.firstIndex(of: "："), !trimmed[..<colon].contains(":"),
               trimmed[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) {
                let column = indent + trimmed.distance(from: trimmed.startIndex, to: colon) + 1
                return Suspect(line: number, column: column, character: "：", halfWidth: ":")
            }
        }
        return nil
    }
}
