import ArgumentParser
import Foundation
import HeraldCore

/// `herald import contestants FILE.csv --unit ID`: a unit's registration spreadsheet → YAML.
///
/// All the work is in `ContestantImporter`; this only parses arguments and prints the report, so the
/// importer can be tested without the binary.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "把参赛单位报送的报名表（CSV）导入 contest/contestants/单位编号.yml。",
        discussion: """
            报名表第 1 行为表头（姓名、工作单位、参赛曲目……），编码为 UTF-8 或 GBK 均可。
            有任何错误（如编号或同一人已报名）时不写入任何内容。
            """
    )

    /// What to import; a closed list, so a typo is a usage error (exit 2), not an empty import.
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case contestants
    }

    @Argument(help: "导入的内容：contestants（参赛选手）。")
    var kind: Kind

    @Argument(help: "报名表 CSV 文件。")
    var file: String

    @Option(name: .long, help: "报送单位的编号，须已登记在 contest/units.yml 中（如 hefei）。")
    var unit: String

    @Option(name: .long, help: "内容文件夹。")
    var content: String = "content"

    func run() throws {
        try requireContentFolder(content, running: "herald import")
        let report = ContestantImporter(contentDirectory: content, unit: unit).run(csv: file)
        DiagnosticOutput.printText(report.diagnostics)
        guard report.succeeded, let written = report.file else {
            DiagnosticOutput.printSummary(report.diagnostics, failure: "导入失败，没有写入任何文件")
            throw ExitCode(1)
        }
        let name = (file as NSString).lastPathComponent
        let encoding = report.encoding.map { "（文件编码 \($0.rawValue)）" } ?? ""
        print("已从 \(name)\(encoding)导入 \(report.entries.count) 名选手 → \(written)\(report.createdFile ? "（新建）" : "")")
        for entry in report.entries {
            print("  \(entry.id)  \(entry.name)（第 \(entry.line) 行）")
        }
        if report.missingMedia.isEmpty {
            print("所有视频和封面文件都已就位。")
        } else {
            print("还需放入 \(report.missingMedia.count) 个媒体文件：")
            for path in report.missingMedia { print("  \(path)") }
        }
        print("放好后运行 herald check --content \(content)，核对名额、视频格式、时长和横竖屏。")
    }
}
