import ArgumentParser
import Foundation
import HeraldCore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "检查内容而不生成网站：列出全部错误和警告。")

    enum Format: String, ExpressibleByArgument {
        case text, json
    }

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: "输出格式：text 或 json。")
    var format: Format = .text

    func run() throws {
        try requireContentFolder(site.content, running: "herald check")
        let options = BuildOptions(contentDirectory: site.content, layoutsDirectory: "layouts", now: try site.clock())
        let result = BuildPipeline(options: options).check()
        let diagnostics = result.diagnostics
        let contest = result.campaign?.contest
        switch format {
        case .json:
            print(DiagnosticPrinter.json(for: diagnostics.sorted), terminator: "")
        case .text:
            DiagnosticOutput.printText(diagnostics)
            var summary = "检查完毕："
            if let contest {
                summary += "\(contest.units.count) 个单位，\(contest.contestants.count) 名选手，"
            }
            summary += "\(diagnostics.errorCount) 个错误，\(diagnostics.warningCount) 个警告"
            print(summary)
        }
        if diagnostics.hasErrors { throw ExitCode(1) }
    }
}
