import CSV
import Foundation
import Yams

/// What `herald import contestants` did: the diagnostics, and on success the file written, the entries
/// added and the media files the editor still has to put in place.
public struct ContestantImport: Sendable {
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var name: String
        /// The entry's line in the CSV file.
        public var line: Int
    }

    public var diagnostics = Diagnostics()
    /// The contestants file written (as the editor would open it); nil when nothing was written.
    public var file: String?
    /// True when the file did not exist before.
    public var createdFile = false
    public var entries: [Entry] = []
    /// Video and cover files the new entries name that are not under `content/` yet (display paths).
    public var missingMedia: [String] = []
    /// How the CSV file was encoded, as detected.
    public var encoding: TextDecoding.Encoding?

    public var succeeded: Bool { file != nil && !diagnostics.hasErrors }
}

/// `herald import contestants FILE.csv --unit ID`: turns a unit's spreadsheet into entries of
/// `contest/contestants/ID.yml`.
///
/// Units send their registration forms as spreadsheets; retyping them into YAML is where phone numbers
/// lose their quotes and two units' numbering collides. The importer therefore
/// - reads the CSV with the CSV library (UTF-8 or GB18030, see `TextDecoding`) and maps its Chinese headers;
/// - refuses every conflict — an id or a person (name + employer, as `herald check` compares them) that is
///   already in any contestants file or twice in the sheet — each at its CSV line, and then writes nothing;
/// - appends to an existing file as text, so the editor's comments and entries stay byte for byte, and
///   serializes every value with Yams, so quoting is always right;
/// - writes atomically and reads the result back through `ContestLoader` before reporting success.
public struct ContestantImporter {
    public let content: ContentDirectory
    public let unit: String

    public init(contentDirectory: String, unit: String) {
        self.content = ContentDirectory(root: contentDirectory)
        self.unit = unit
    }

    private var targetPath: String { "contest/contestants/\(unit).yml" }

    public func run(csv csvPath: String) -> ContestantImport {
        var report = ContestantImport()
        var diagnostics = Diagnostics()
        importRows(csvPath, report: &report, diagnostics: &diagnostics)
        report.diagnostics = diagnostics
        return report
    }

    // MARK: - The steps

    /// Fills in `report` only when the file was written; any error stops the import with nothing written.
    private func importRows(_ csvPath: String, report: inout ContestantImport, diagnostics: inout Diagnostics) {
        let csv = CSVFile(path: csvPath)
        guard let rows = readCSV(csv, report: &report, diagnostics: &diagnostics) else { return }
        let units = readUnitIDs(&diagnostics)
        let existing = readContestantFiles(&diagnostics)
        if let units, !units.contains(unit) {
            let known = units.isEmpty ? "（名单是空的）" : units.joined(separator: "、")
            let hint = KeySuggestion.nearest(to: unit, among: units).map { "是不是 `--unit \($0)`？已登记的单位：\(known)" }
                ?? "已登记的单位：\(known)；新单位须先加进 contest/units.yml"
            diagnostics.error(at: SourceLocation(file: content.displayPath("contest/units.yml")),
                              "单位“\(unit)”不在参赛单位名单 units.yml 中", hint: hint)
        }
        let target = existing.first { $0.relativePath == targetPath }
        let plan = target.flatMap { appendPlan(for: $0, &diagnostics) }

        guard let table = ColumnMap(header: rows.first, csv: csv, lookahead: rows.dropFirst().prefix(10), &diagnostics) else {
            return
        }
        var drafts = readDrafts(rows.dropFirst(), table: table, csv: csv, &diagnostics)
        if drafts.isEmpty && !diagnostics.hasErrors {
            diagnostics.error(at: csv.location(line: 1), "表中没有选手：表头下面没有填写内容的行",
                              hint: "检查是否选错了文件，或在 Excel 中导出了空白的工作表")
        }
        assignIDs(&drafts, existing: existing, csv: csv, &diagnostics)
        checkConflicts(drafts, existing: existing, csv: csv, &diagnostics)
        guard !diagnostics.hasErrors, units != nil, target == nil || plan != nil else { return }

        // Everything is known to be consistent: write, then read back.
        let entries = drafts.compactMap { $0.entry(unit: unit) }
        guard entries.count == drafts.count,
              write(entries, csv: csv, target: target, plan: plan, &diagnostics) else { return }
        report.file = content.displayPath(targetPath)
        report.createdFile = target == nil
        report.entries = entries.map { ContestantImport.Entry(id: $0.id, name: $0.name, line: $0.line) }
        report.missingMedia = missingMedia(entries)
    }

    // MARK: - CSV

    /// The CSV file as the editor named it on the command line; every row diagnostic points into it.
    struct CSVFile {
        let path: String
        var name: String { (path as NSString).lastPathComponent }
        func location(line: Int) -> SourceLocation { SourceLocation(file: path, line: line, column: 1) }
    }

    struct Row {
        /// The line the row starts on; the header is line 1.
        let line: Int
        let cells: [String]
    }

    /// Every row, header included, with the line it starts on. The CSV library does not report
    /// positions, so lines are counted from the cells: a row takes one line plus one per line break
    /// inside its quoted cells (CR LF, CR and LF each count once, as the library splits rows).
    private func readCSV(_ csv: CSVFile, report: inout ContestantImport, diagnostics: inout Diagnostics) -> [Row]? {
        guard let data = FileManager.default.contents(atPath: csv.path) else {
            let exists = FileManager.default.fileExists(atPath: csv.path)
            diagnostics.error(at: SourceLocation(file: csv.path), exists ? "无法读取此文件" : "找不到文件",
                              hint: exists ? "检查文件权限，或它是否是文件夹" : "检查文件名和路径；路径从当前文件夹算起")
            return nil
        }
        let text: String
        switch TextDecoding.decode(data) {
        case .success(let decoded):
            text = decoded.text
            report.encoding = decoded.encoding
        case .failure(let failure):
            let reason: String
            switch failure {
            case .utf16: reason = "是 UTF-16 编码的“Unicode 文本”，不是 CSV"
            case .workbook: reason = "是 Excel/WPS 工作簿（.xlsx），不是 CSV"
            case .unknownEncoding: reason = "既不是 UTF-8 也不是 GBK/GB18030 编码的文本"
            }
            diagnostics.error(at: SourceLocation(file: csv.path), "无法读取 \(csv.name)：文件\(reason)",
                              hint: "在 Excel 或 WPS 中打开报名表，“另存为”选“CSV UTF-8（逗号分隔）”后再导入")
            return nil
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false)
        } catch {
            diagnostics.error(at: SourceLocation(file: csv.path), "无法读取 \(csv.name)：\(error)",
                              hint: "在 Excel 或 WPS 中另存为 CSV 后再导入")
            return nil
        }
        var rows: [Row] = []
        var line = 1
        while let cells = reader.next() {
            rows.append(Row(line: line, cells: cells))
            line += 1 + cells.reduce(0) { count, cell in count + cell.filter { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }.count }
        }
        guard rows.contains(where: { $0.cells.contains { !Self.trim($0).isEmpty } }) else {
            diagnostics.error(at: SourceLocation(file: csv.path), "\(csv.name) 是空的",
                              hint: "第 1 行写表头（姓名、工作单位、参赛曲目……），其下每行一位选手")
            return nil
        }
        return rows
    }

    /// Spaces at either end of a cell, including the full-width space and a stray byte-order mark.
    static let blanks = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{3000}\u{FEFF}"))

    static func trim(_ text: String) -> String { text.trimmingCharacters(in: blanks) }

    /// Excel's name for a column (1 → A, 27 → AA), which is what an editor sees above it.
    static func columnLetter(_ index: Int) -> String {
        var number = index + 1
        var letters = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            number = (number - 1) / 26
        }
        return letters
    }

    // MARK: - Header

    enum Field: String, CaseIterable {
        case id, name, employer, occupation, song, video, cover, performers
        case submittedAt = "submitted_at", copyrightReserved = "copyright_reserved", bio, phone
        case idNumber = "id_number"

        /// The headers accepted for the field: the Chinese words units use, then the YAML key.
        var headers: [String] {
            switch self {
            case .id: ["编号", "id"]
            case .name: ["姓名", "name"]
            case .employer: ["工作单位", "作者单位", "单位", "employer"]
            case .occupation: ["职业", "occupation"]
            case .song: ["参赛曲目", "曲目", "歌曲", "作品名称", "song"]
            case .phone: ["联系电话", "电话", "手机", "手机号", "phone"]
            case .idNumber: ["身份证号", "身份证号码", "id_number"]
            case .video: ["视频", "视频文件", "video"]
            case .cover: ["封面", "封面图", "cover"]
            case .submittedAt: ["报送时间", "提交时间", "submitted_at"]
            case .bio: ["简介", "个人简介", "bio"]
            case .performers: ["演唱人数", "performers"]
            case .copyrightReserved: ["书面声明", "著作权声明", "copyright_reserved"]
            }
        }

        static let required: [Field] = [.name, .song]
    }

    /// Which column holds which field.
    struct ColumnMap {
        let columns: [Field: Int]

        /// The header cell as a lookup key: no spaces anywhere (forms pad `姓　名` to line up), English in
        /// lower case, and a required-field mark (`*姓名`, `姓名（必填）`) removed.
        static func key(_ cell: String) -> String {
            var text = String(cell.unicodeScalars.filter { !ContestantImporter.blanks.contains($0) }.map(Character.init))
            for suffix in ["（必填）", "(必填)", "（选填）", "(选填)"] where text.hasSuffix(suffix) {
                text = String(text.dropLast(suffix.count))
            }
            text = text.trimmingCharacters(in: CharacterSet(charactersIn: "*＊"))
            return text.lowercased()
        }

        static let lookup: [String: Field] = {
            var table: [String: Field] = [:]
            for field in Field.allCases { for header in field.headers { table[key(header)] = field } }
            return table
        }()

        /// Nil, with diagnostics at line 1, when a required column is missing or a field has two columns.
        init?(header: Row?, csv: ContestantImporter.CSVFile, lookahead: ArraySlice<Row>, _ diagnostics: inout Diagnostics) {
            let cells = header?.cells ?? []
            var columns: [Field: Int] = [:]
            var failed = false
            for (index, cell) in cells.enumerated() {
                let title = ContestantImporter.trim(cell)
                let place = "第 \(index + 1) 列，\(ContestantImporter.columnLetter(index)) 列"
                guard !title.isEmpty else { continue }
                guard let field = Self.lookup[Self.key(title)] else {
                    let accepted = Field.allCases.flatMap(\.headers)
                    let hint = KeySuggestion.nearest(to: Self.key(title), among: accepted).map { "是不是“\($0)”？" }
                        ?? "可用的列名：\(Field.allCases.map { $0.headers[0] }.joined(separator: "、"))；需要导入的话把列名改成其中之一"
                    diagnostics.warning(at: csv.location(line: 1), "不认识的列“\(title)”（\(place)），该列内容不会导入", hint: hint)
                    continue
                }
                if let first = columns[field] {
                    diagnostics.error(at: csv.location(line: 1),
                                      "“\(ContestantImporter.trim(cells[first]))”和“\(title)”（\(place)）是同一项（\(field.headers[0])），无法确定用哪一列",
                                      hint: "删去其中一列，或改成别的列名")
                    failed = true
                    continue
                }
                columns[field] = index
            }
            for field in Field.required where columns[field] == nil {
                var hint = "在第 1 行加上“\(field.headers[0])”列；可用的列名：\(field.headers.joined(separator: "、"))"
                if let real = lookahead.first(where: { row in row.cells.contains { Self.lookup[Self.key($0)] == field } }) {
                    hint = "表头须在第 1 行，而第 \(real.line) 行才像是表头：删去它上面的标题行后重新导出"
                }
                diagnostics.error(at: csv.location(line: 1), "表头中没有“\(field.headers[0])”列", hint: hint)
                failed = true
            }
            guard !failed else { return nil }
            self.columns = columns
            self.untitled = cells.indices.filter { ContestantImporter.trim(cells[$0]).isEmpty }
            self.width = cells.count
        }

        /// Header cells left blank: their data would be lost silently, so it is warned about.
        let untitled: [Int]
        let width: Int

        func value(_ field: Field, in row: Row) -> String? {
            guard let index = columns[field], index < row.cells.count else { return nil }
            // Line breaks inside a cell come as the sheet's CR LF; YAML and the pages only know LF.
            let text = ContestantImporter.trim(row.cells[index])
                .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            return text.isEmpty ? nil : text
        }
    }

    // MARK: - Rows

    /// One row of the sheet, read and checked; `id` is filled in by `assignIDs` when the sheet has none.
    struct Draft {
        let line: Int
        var id: String?
        var idFromSheet = false
        var name: String?
        var values: [Field: String] = [:]
        var performers = 1
        var copyrightReserved: Bool?

        func entry(unit: String) -> NewEntry? {
            guard let id, let name, let song = values[.song] else { return nil }
            return NewEntry(line: line, id: id, name: name, employer: values[.employer], occupation: values[.occupation],
                            song: song, video: mediaPath(values[.video], unit: unit, id: id, ext: "mp4"),
                            cover: mediaPath(values[.cover], unit: unit, id: id, ext: "jpg"),
                            performers: performers, submittedAt: values[.submittedAt],
                            copyrightReserved: copyrightReserved, bio: values[.bio],
                            phone: values[.phone], idNumber: values[.idNumber])
        }

        /// The sheet's media path as it belongs under `content/`: a URL or a path with folders is kept;
        /// a bare file name (or a Windows path from the unit's computer) is taken to be a file the unit
        /// sent along, placed in `media/UNIT/`; no value means `media/UNIT/ID.EXT`.
        private func mediaPath(_ value: String?, unit: String, id: String, ext: String) -> String {
            guard let value else { return "media/\(unit)/\(id).\(ext)" }
            let characters = Array(value)
            let windowsPath = value.contains("\\") || (characters.count > 2 && characters[1] == ":" && characters[0].isASCII
                                                       && characters[0].isLetter)
            if windowsPath {
                let name = value.split(whereSeparator: { $0 == "\\" || $0 == "/" }).last.map(String.init) ?? value
                return "media/\(unit)/\(name)"
            }
            if SiteGraph.hasScheme(value) || value.contains("/") { return value }
            return "media/\(unit)/\(value)"
        }
    }

    struct NewEntry {
        let line: Int
        let id: String
        let name: String
        let employer: String?
        let occupation: String?
        let song: String
        let video: String
        let cover: String
        let performers: Int
        let submittedAt: String?
        let copyrightReserved: Bool?
        let bio: String?
        let phone: String?
        let idNumber: String?
    }

    private func readDrafts(_ rows: ArraySlice<Row>, table: ColumnMap, csv: CSVFile, _ diagnostics: inout Diagnostics) -> [Draft] {
        var drafts: [Draft] = []
        var untitledWithData = Set<Int>()
        for row in rows {
            let cells = row.cells.map(Self.trim)
            guard cells.contains(where: { !$0.isEmpty }) else { continue }   // an empty row
            let at = csv.location(line: row.line)
            for index in table.untitled where index < cells.count && !cells[index].isEmpty { untitledWithData.insert(index) }
            if cells.count > table.width, cells[table.width...].contains(where: { !$0.isEmpty }) {
                diagnostics.warning(at: at, "这一行比表头多出 \(cells.count - table.width) 格，多出的内容不会导入",
                                    hint: "检查是否有内容错位，或给这些列加上列名")
            }
            var draft = Draft(line: row.line)
            for field in Field.allCases { if let value = table.value(field, in: row) { draft.values[field] = value } }
            draft.name = draft.values[.name]
            if draft.name == nil {
                diagnostics.error(at: at, "这一行没有填写姓名", hint: "补上选手姓名；不参赛的行请删去")
            }
            if draft.values[.song] == nil {
                diagnostics.error(at: at, "\(draft.name ?? "这一行")没有填写参赛曲目", hint: "补上参赛曲目（歌曲名）")
            }
            // Only a bio may span lines; a line break elsewhere is a typing slip or an unpaired quote that
            // swallowed the following rows into one cell.
            for field in Field.allCases where field != .bio {
                if let value = draft.values[field], value.contains("\n") {
                    diagnostics.error(at: at, "\(field.headers[0])一栏里有换行",
                                      hint: "单元格内不要换行；如果后面几行的内容都挤进了这一格，检查这一行的引号是否成对")
                }
            }
            if let id = draft.values[.id] {
                if Slug.isValid(id) {
                    draft.id = id
                    draft.idFromSheet = true
                } else {
                    let lowered = id.lowercased()
                    let hint = Slug.isValid(lowered) ? "改成 `\(lowered)`" : "只用小写英文字母、数字和连字符，如 `hf-001`；或留空由 herald 自动编号"
                    diagnostics.error(at: at, "编号“\(id)”不能用作网址", hint: hint)
                }
            }
            if let text = draft.values[.performers] {
                if let number = Int(text), (1...1000).contains(number) {
                    draft.performers = number
                } else {
                    diagnostics.error(at: at, "演唱人数“\(text)”不是 1–1000 之间的整数", hint: "填数字，独唱填 1")
                }
            }
            if let text = draft.values[.copyrightReserved] {
                switch text.lowercased() {
                case "是", "true", "yes", "y": draft.copyrightReserved = true
                case "否", "false", "no", "n": draft.copyrightReserved = false
                default:
                    diagnostics.error(at: at, "书面声明“\(text)”无法识别",
                                      hint: "填“是”（已交书面声明，赛后不再公开视频）或“否”")
                }
            }
            if let text = draft.values[.submittedAt], CampaignDate(parsing: text) == nil {
                diagnostics.error(at: at, "报送时间“\(text)”无法识别",
                                  hint: "写成 2024-07-30 或 2024-07-30 20:15（北京时间）；Excel 里可把该列设为“文本”格式后重新导出")
            }
            for field in [Field.phone, .idNumber] {
                if let text = draft.values[field], text.range(of: #"^[0-9.]+[eE]\+?[0-9]+$"#, options: .regularExpression) != nil {
                    diagnostics.warning(at: at, "\(field.headers[0])“\(text)”被表格软件改成了科学计数法，原来的号码已经丢失",
                                        hint: "在 Excel 中把该列设为“文本”格式，重新录入后再导出")
                }
            }
            drafts.append(draft)
        }
        for index in untitledWithData.sorted() {
            diagnostics.warning(at: csv.location(line: 1),
                                "第 \(index + 1) 列（\(Self.columnLetter(index)) 列）没有列名，其中的内容不会导入",
                                hint: "需要导入的话加上列名，如“简介”")
        }
        return drafts
    }

    // MARK: - What is already there

    struct ExistingEntry {
        let file: String
        let line: Int
        let id: String?
        let name: String?
        let employer: String?
    }

    struct ContestantFile {
        let relativePath: String
        let display: String
        let data: Data
        let source: YAMLSource
        /// Nil for a file with nothing but comments.
        let root: Node?
        let unit: String?
        let entries: [ExistingEntry]
    }

    /// The unit ids of `units.yml`; nil (with an error) when the list cannot be read.
    private func readUnitIDs(_ diagnostics: inout Diagnostics) -> [String]? {
        let path = "contest/units.yml"
        guard content.exists(path) else {
            diagnostics.error(at: SourceLocation(file: content.displayPath(path)), "缺少参赛单位名单 units.yml",
                              hint: "先在 contest/ 里新建 units.yml，每行一个单位：`- {id: hefei, name: 合肥市总工会, kind: city}`")
            return nil
        }
        guard let (source, node) = compose(path, &diagnostics) else { return nil }
        guard let list = node?.sequence else {
            diagnostics.error(at: node.map(source.location(of:)) ?? SourceLocation(file: source.file),
                              "units.yml 应当是单位列表，每项以 `- ` 开头", hint: "例如 `- {id: hefei, name: 合肥市总工会, kind: city}`")
            return nil
        }
        return list.compactMap { $0["id"]?.scalar.map { Self.trim($0.string) } }
    }

    /// Every contestants file, read only as far as conflicts need (ids, names, employers and their lines),
    /// so an entry another rule rejects still counts. A file that cannot be read stops the import: its
    /// ids and people would be unknown.
    private func readContestantFiles(_ diagnostics: inout Diagnostics) -> [ContestantFile] {
        var files: [ContestantFile] = []
        for path in content.files(in: "contest/contestants", withExtension: "yml") {
            guard let data = content.read(path), let (source, root) = compose(path, &diagnostics) else { continue }
            let unit = root?["unit"]?.scalar.map { Self.trim($0.string) }
            var entries: [ExistingEntry] = []
            for item in root?["contestants"]?.sequence ?? Node.Sequence([]) {
                func text(_ key: String) -> String? {
                    guard let value = item[key]?.scalar.map({ Self.trim($0.string) }), !value.isEmpty else { return nil }
                    return value
                }
                entries.append(ExistingEntry(file: source.file, line: source.location(of: item).line,
                                             id: text("id"), name: text("name"), employer: text("employer")))
            }
            files.append(ContestantFile(relativePath: path, display: source.file, data: data, source: source,
                                        root: root, unit: unit, entries: entries))
        }
        return files
    }

    /// The file parsed; the node is nil for a file holding only comments. Nil on a syntax error.
    private func compose(_ path: String, _ diagnostics: inout Diagnostics) -> (YAMLSource, Node?)? {
        let source = YAMLSource(file: content.displayPath(path))
        guard let data = content.read(path) else {
            diagnostics.error(at: SourceLocation(file: source.file), "无法读取此文件", hint: "检查文件权限")
            return nil
        }
        guard let text = String(validating: [UInt8](data), as: UTF8.self) else {
            diagnostics.error(at: SourceLocation(file: source.file), "文件不是 UTF-8 编码", hint: "用编辑器以 UTF-8 编码另存此文件")
            return nil
        }
        var local = Diagnostics()
        let node = source.compose(text, into: &local)
        diagnostics.append(contentsOf: local)
        return local.hasErrors ? nil : (source, node)
    }

    // MARK: - Ids and conflicts

    /// Gives every row without an id the next free number after the unit's own prefix (`hf-` of
    /// `hf-003`, else `UNIT-`). Numbers continue after the highest one in the contest's files, so a gap
    /// left by a withdrawn entry (whose id may already be in a results file or a shared link) is never
    /// filled; ids the sheet itself gives are skipped.
    private func assignIDs(_ drafts: inout [Draft], existing: [ContestantFile], csv: CSVFile, _ diagnostics: inout Diagnostics) {
        let inFiles = existing.flatMap { $0.entries.compactMap(\.id) }
        var taken = Set(inFiles)
        for draft in drafts { if let id = draft.id { taken.insert(id) } }
        let own = existing.filter { $0.unit == unit || ($0.unit == nil && $0.relativePath == targetPath) }
            .flatMap { $0.entries.compactMap(\.id) }
        let prefix = Self.commonPrefix(of: own) ?? "\(unit)-"
        var next = inFiles.compactMap { Self.number(of: $0, prefix: prefix) }.max().map { $0 + 1 } ?? 1
        for index in drafts.indices where drafts[index].id == nil && drafts[index].values[.id] == nil {
            var id = prefix + String(format: "%03ld", next)
            while taken.contains(id) {
                next += 1
                id = prefix + String(format: "%03ld", next)
            }
            guard Slug.isValid(id) else {
                diagnostics.error(at: csv.location(line: drafts[index].line), "无法生成编号：“\(id)”不能用作网址",
                                  hint: "在表中加上“编号”列，填写如 `hf-001` 的编号")
                return
            }
            drafts[index].id = id
            taken.insert(id)
            next += 1
        }
    }

    /// The prefix most of `ids` share before their trailing number (`hf-` of `hf-003`); ties go to the first.
    static func commonPrefix(of ids: [String]) -> String? {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for id in ids {
            let digits = id.reversed().prefix { $0.isASCII && $0.isNumber }.count
            guard digits > 0, digits < id.count else { continue }
            let prefix = String(id.dropLast(digits))
            if counts[prefix] == nil { order.append(prefix) }
            counts[prefix, default: 0] += 1
        }
        var best: String?
        for prefix in order where best.map({ (counts[prefix] ?? 0) > (counts[$0] ?? 0) }) ?? true { best = prefix }
        return best
    }

    static func number(of id: String, prefix: String) -> Int? {
        guard id.hasPrefix(prefix) else { return nil }
        let rest = id.dropFirst(prefix.count)
        guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(rest)
    }

    /// `herald check`'s own notion of “the same person” (`Contestant.personKey`), so the two can never disagree.
    static func personKey(name: String, employer: String?) -> String {
        Contestant(id: "", unit: "", name: name, employer: employer, occupation: nil, song: "", video: "", cover: "",
                   performers: 1, submittedAt: nil, copyrightReserved: false, bio: nil,
                   location: SourceLocation(file: ""), fieldLocations: [:]).personKey
    }

    private func checkConflicts(_ drafts: [Draft], existing: [ContestantFile], csv: CSVFile, _ diagnostics: inout Diagnostics) {
        var idsInFiles: [String: ExistingEntry] = [:]
        var peopleInFiles: [String: ExistingEntry] = [:]
        for entry in existing.flatMap(\.entries) {
            if let id = entry.id, idsInFiles[id] == nil { idsInFiles[id] = entry }
            if let name = entry.name {
                let key = Self.personKey(name: name, employer: entry.employer)
                if peopleInFiles[key] == nil { peopleInFiles[key] = entry }
            }
        }
        var idsInSheet: [String: Draft] = [:]
        var peopleInSheet: [String: Draft] = [:]
        let editHint = "如要修改已报名选手的信息，请直接编辑该文件"
        for draft in drafts {
            let at = csv.location(line: draft.line)
            let who = draft.name ?? "这一行"
            if let id = draft.id, draft.idFromSheet {
                if let other = idsInFiles[id] {
                    diagnostics.error(at: at, "编号“\(id)”已被 \(other.file):\(other.line) 的 \(other.name ?? "选手")使用",
                                      hint: "每位选手的编号在整个大赛中须唯一：改用未用过的编号，或清空编号由 herald 自动编号；\(editHint)")
                } else if let other = idsInSheet[id] {
                    diagnostics.error(at: at, "编号“\(id)”与本表第 \(other.line) 行（\(other.name ?? "")）重复",
                                      hint: "每位选手的编号须唯一：改用未用过的编号，或清空编号由 herald 自动编号")
                } else {
                    idsInSheet[id] = draft
                }
            }
            guard let name = draft.name else { continue }
            let key = Self.personKey(name: name, employer: draft.values[.employer])
            let person = draft.values[.employer].map { "\(who)（\($0)）" } ?? who
            if let other = peopleInFiles[key] {
                diagnostics.error(at: at, "\(person)已在 \(other.file):\(other.line) 报名（编号 \(other.id ?? "无")）",
                                  hint: "姓名和工作单位相同即视为同一人，每人只能报名一次：删去这一行；\(editHint)")
            } else if let other = peopleInSheet[key] {
                diagnostics.error(at: at, "\(person)与本表第 \(other.line) 行是同一人（姓名和工作单位相同）",
                                  hint: "每人只能报名一次：删去重复的一行")
            } else {
                peopleInSheet[key] = draft
            }
        }
    }

    // MARK: - Writing

    /// How new entries are added to an existing file without touching a byte of it.
    struct AppendPlan {
        /// The file has no `contestants:` key yet (or not even `unit:`): these lines come first.
        var preamble: [String]
        /// Columns before the `-` of each item, and from the `-` to the item's first key.
        var dashIndent: Int
        var keyOffset: Int
        var existingItems: [Node]
        var lineBreak: String
        var endsWithLineBreak: Bool
    }

    /// Checks that entries can be appended at the end of the file as text, which is only safe when the
    /// `contestants:` block list is the file's last top-level key; anything else is refused.
    private func appendPlan(for file: ContestantFile, _ diagnostics: inout Diagnostics) -> AppendPlan? {
        let text = String(decoding: file.data, as: UTF8.self)
        let lineBreak = text.contains("\r\n") ? "\r\n" : "\n"
        var plan = AppendPlan(preamble: [], dashIndent: 2, keyOffset: 2, existingItems: [], lineBreak: lineBreak,
                              endsWithLineBreak: text.isEmpty || text.hasSuffix("\n") || text.hasSuffix("\r"))
        let whole = SourceLocation(file: file.display)
        let hint = "请手工把新选手加到文件里，或先整理该文件再导入"
        guard let root = file.root else {
            plan.preamble = ["unit: \(Self.scalarText(unit))", "contestants:"]
            return plan
        }
        guard let mapping = root.mapping else {
            diagnostics.error(at: file.source.location(of: root), "报名文件应当是“字段: 值”的列表，无法在其后追加选手", hint: hint)
            return nil
        }
        if let fileUnit = file.unit, fileUnit != unit {
            diagnostics.error(at: root["unit"].map(file.source.location(of:)) ?? whole,
                              "\(file.display) 里写的单位是“\(fileUnit)”，与 --unit \(unit) 不符",
                              hint: "检查 --unit，或更正该文件的 `unit:`")
            return nil
        }
        if file.unit == nil {
            diagnostics.error(at: whole, "\(file.display) 缺少 `unit: \(unit)`", hint: "在文件开头加上一行 `unit: \(unit)` 后再导入")
            return nil
        }
        guard let last = Array(mapping).last, let contestants = mapping.first(where: { $0.key.string == "contestants" }) else {
            plan.preamble = ["contestants:"]
            return plan
        }
        let keyLocation = file.source.location(of: contestants.key)
        guard last.key.string == "contestants" else {
            diagnostics.error(at: keyLocation, "`contestants:` 不是文件中最后一个字段，新选手无法安全地追加到列表末尾",
                              hint: "把 `contestants:` 及其列表移到文件末尾后再导入")
            return nil
        }
        let value = contestants.value
        if let scalar = value.scalar {
            guard scalar.string.isEmpty, scalar.style == .plain || scalar.style == .any else {
                diagnostics.error(at: file.source.location(of: value), "`contestants:` 后面写的不是选手列表",
                                  hint: "删去冒号后面的内容（如 `~`、`null`、`\"\"`）后再导入")
                return nil
            }
            return plan
        }
        guard let sequence = value.sequence, let mark = value.mark else {
            diagnostics.error(at: file.source.location(of: value), "`contestants` 应当是选手列表，每项以 `- ` 开头", hint: hint)
            return nil
        }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        let line = mark.line - 1 < lines.count ? Array(lines[mark.line - 1]) : []
        guard mark.column - 1 < line.count, line[mark.column - 1] == "-" else {
            diagnostics.error(at: file.source.location(of: value),
                              "`contestants` 写成了方括号里的列表，新选手无法安全地追加",
                              hint: "改成每位选手一项、以 `- ` 开头的列表后再导入，或手工添加")
            return nil
        }
        plan.dashIndent = mark.column - 1
        if let first = sequence.first, let firstMark = first.mark, firstMark.line == mark.line, first.mapping != nil {
            plan.keyOffset = max(firstMark.column - mark.column, 2)
        }
        plan.existingItems = Array(sequence)
        return plan
    }

    /// A YAML scalar for one string, quoted exactly when YAML would otherwise read something else.
    static func scalarText(_ text: String) -> String {
        let dumped = (try? Yams.serialize(node: .scalar(text.represented()), width: -1, allowUnicode: true)) ?? text
        return dumped.trimmingCharacters(in: .newlines)
    }

    /// The entry as a mapping in SPEC's field order. Phone and id numbers are always double-quoted strings,
    /// never numbers; a date is left plain, as editors write it; everything else is quoted only when needed.
    static func node(_ entry: NewEntry) -> Node {
        var pairs: [(Node, Node)] = []
        func add(_ key: String, _ value: Node.Scalar?) {
            if let value { pairs.append((Node(key), .scalar(value))) }
        }
        add("id", entry.id.represented())
        add("name", entry.name.represented())
        add("employer", entry.employer?.represented())
        add("occupation", entry.occupation?.represented())
        add("song", entry.song.represented())
        add("video", entry.video.represented())
        add("cover", entry.cover.represented())
        add("performers", Node.Scalar(String(entry.performers)))
        add("submitted_at", entry.submittedAt.map { text in
            Node.scalar(Node.Scalar(text)).tag.rawValue == Tag.Name.timestamp.rawValue ? Node.Scalar(text, Tag(.implicit), .plain) : text.represented()
        })
        add("copyright_reserved", entry.copyrightReserved.map { Node.Scalar($0 ? "true" : "false") })
        // A bio of several lines (Markdown paragraphs) as a literal block, which reads like the text itself.
        add("bio", entry.bio.map { $0.contains("\n") ? Node.Scalar($0, Tag(.str), .literal) : $0.represented() })
        add("phone", entry.phone.map { Node.Scalar($0, Tag(.str), .doubleQuoted) })
        add("id_number", entry.idNumber.map { Node.Scalar($0, Tag(.str), .doubleQuoted) })
        return .mapping(Node.Mapping(pairs))
    }

    /// True when the file was written and reads back; false (and the file as it was) otherwise.
    private func write(_ entries: [NewEntry], csv: CSVFile, target: ContestantFile?, plan: AppendPlan?,
                       _ diagnostics: inout Diagnostics) -> Bool {
        let display = content.displayPath(targetPath)
        let plan = plan ?? AppendPlan(preamble: [], dashIndent: 2, keyOffset: 2, existingItems: [], lineBreak: "\n",
                                      endsWithLineBreak: true)
        let sourceName = csv.name.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        var lines: [String] = []
        if target == nil {
            lines = ["# 由 herald import 从 \(sourceName) 导入", "unit: \(Self.scalarText(unit))", "contestants:"]
        } else {
            lines = plan.preamble
            lines.append(String(repeating: " ", count: plan.dashIndent) + "# 以下 \(entries.count) 名由 herald import 从 \(sourceName) 导入")
        }
        for entry in entries {
            guard let yaml = try? Yams.serialize(node: Self.node(entry), width: -1, allowUnicode: true) else {
                diagnostics.error(at: SourceLocation(file: csv.path, line: entry.line), "无法把这一行写成 YAML",
                                  hint: "检查这一行里是否有特殊字符")
                return false
            }
            let itemLines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                .reversed().drop { $0.isEmpty }.reversed()
            for (index, line) in itemLines.enumerated() {
                if index == 0 {
                    lines.append(String(repeating: " ", count: plan.dashIndent) + "-"
                                 + String(repeating: " ", count: plan.keyOffset - 1) + line)
                } else {
                    lines.append(line.isEmpty ? "" : String(repeating: " ", count: plan.dashIndent + plan.keyOffset) + line)
                }
            }
        }
        var appended = lines.joined(separator: plan.lineBreak) + plan.lineBreak
        if !plan.endsWithLineBreak { appended = plan.lineBreak + appended }
        let old = target?.data ?? Data()
        let new = old + Data(appended.utf8)

        // Before anything touches the disk: the new text must hold the old entries unchanged and the new
        // ones exactly as meant.
        guard verify(new, entries: entries, existing: plan.existingItems) else {
            diagnostics.error(at: SourceLocation(file: display), "无法在 \(display) 末尾安全地追加选手，文件未改动",
                              hint: "检查文件末尾是否有 `...` 或 `---` 等特殊写法；可手工添加选手")
            return false
        }
        do {
            try FileManager.default.createDirectory(atPath: content.absolutePath("contest/contestants"),
                                                    withIntermediateDirectories: true)
            try Self.replaceAtomically(content.absolutePath(targetPath), with: new)
        } catch {
            diagnostics.error(at: SourceLocation(file: display), "无法写入：\(error)", hint: "检查写入权限和磁盘空间")
            return false
        }

        // Read back the way `herald build` does; if our entries do not load, put the old file back.
        var loaded = Diagnostics()
        let contest = ContestLoader(content: content).load(into: &loaded)
        let firstNewLine = target == nil ? 1 : (String(decoding: old, as: UTF8.self).filter { $0 == "\n" || $0 == "\r\n" }.count + 1)
        let problems = loaded.items.filter { $0.severity == .error && $0.location.file == display && $0.location.line >= firstNewLine }
        let ids = Set(contest?.contestants.filter { $0.unit == unit }.map(\.id) ?? [])
        if !problems.isEmpty || (contest != nil && !entries.allSatisfy { ids.contains($0.id) }) {
            // Best effort: if even restoring fails, the message below still tells the editor to look.
            if let target {
                try? Self.replaceAtomically(content.absolutePath(targetPath), with: target.data)
            } else {
                try? FileManager.default.removeItem(atPath: content.absolutePath(targetPath))
            }
            for problem in problems { diagnostics.append(problem) }
            diagnostics.error(at: SourceLocation(file: display), "导入后的文件无法读取，已恢复原样",
                              hint: "这是 herald 的问题，请把报名表和该文件发给技术人员")
            return false
        }
        return true
    }

    /// Parses `data` and compares it with what was meant: the old items first and unchanged, then one
    /// item per new entry holding exactly its values.
    private func verify(_ data: Data, entries: [NewEntry], existing: [Node]) -> Bool {
        // Read as the loader reads (every scalar a string, `YAMLSource`), and once more with YAML's
        // implicit types for the check below that private numbers stayed strings.
        guard let text = String(validating: [UInt8](data), as: UTF8.self),
              let root = try? Yams.compose(yaml: text, .basic),
              let typedItems = (try? Yams.compose(yaml: text))??["contestants"]?.sequence,
              let items = root["contestants"]?.sequence, typedItems.count == items.count,
              root["unit"]?.string.map(Self.trim) == unit,
              items.count == existing.count + entries.count else { return false }
        for (old, now) in zip(existing, items) where old != now { return false }
        for ((entry, item), typed) in zip(zip(entries, items.dropFirst(existing.count)), typedItems.dropFirst(existing.count)) {
            guard let written = item.mapping, let meant = Self.node(entry).mapping, written.count == meant.count else { return false }
            for (key, value) in meant {
                guard let key = key.string, item[key]?.scalar?.string == value.scalar?.string else { return false }
            }
            for key in ["phone", "id_number"] where typed[key] != nil {
                guard typed[key]?.scalar != nil, typed[key]?.tag.rawValue == Tag.Name.str.rawValue else { return false }
            }
        }
        return true
    }

    /// Writes a temporary file beside `path` and renames it over `path`, so the file is never half-written.
    static func replaceAtomically(_ path: String, with data: Data) throws {
        let folder = folderPart(of: path)
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.\(name).herald-import-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(atPath: temporary)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }

    // MARK: - Media

    private func missingMedia(_ entries: [NewEntry]) -> [String] {
        var missing: [String] = []
        for path in entries.flatMap({ [$0.video, $0.cover] }) where !SiteGraph.hasScheme(path) {
            let normalized = SiteGraph.normalize(path, from: "") ?? path
            if !content.isRegularFile(normalized) && !missing.contains(content.displayPath(normalized)) {
                missing.append(content.displayPath(normalized))
            }
        }
        return missing
    }
}
