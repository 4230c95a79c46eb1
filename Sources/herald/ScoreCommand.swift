import ArgumentParser
import Foundation
import HeraldCore

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "计算复赛、决赛排名和奖项（供组委会在发布前核对，不受发布时间限制）。")

    enum Format: String, ExpressibleByArgument {
        case text, json, csv
    }

    @Option(name: .long, help: "内容文件夹。")
    var content: String = "content"

    @Option(name: .long, help: "rematch（复赛）或 final（决赛）；默认：有决赛成绩时为决赛。")
    var round: ScoreReport.Round?

    @Option(name: .long, help: "输出格式：text、json 或 csv（UTF-8 带 BOM，可直接用表格软件打开）。")
    var format: Format = .text

    @Option(name: .long, help: "逐步列出某位选手的计算过程，如 --explain hf-001。")
    var explain: String?

    func run() throws {
        try requireContentFolder(content, running: "herald score")
        let result = BuildPipeline(options: BuildOptions(contentDirectory: content, layoutsDirectory: nil)).check()
        DiagnosticOutput.printText(result.diagnostics)
        guard let contest = result.campaign?.contest, let scores = result.scores else {
            if !result.diagnostics.hasErrors {
                FileHandle.standardError.write(Data("\(content)/contest/ 不存在：这个网站没有大赛。\n".utf8))
            }
            throw ExitCode(1)
        }
        let report = ScoreReport(contest: contest, scores: scores)
        let round = round ?? report.defaultRound
        // Only mistakes in what this round's scoring reads stop it: the committee's table is not held up by
        // a typo in a notice, a video over the size limit, or (for the rematch) the final's file — those are
        // printed above, and still stop `herald build`.
        let root = ContentDirectory(root: content)
        let scoringFiles = (["site.yml", "contest/contest.yml", "contest/units.yml", "contest/results/rematch.yml"]
            + (round == .final ? ["contest/results/final.yml"] : [])).map(root.displayPath)
        let blocking = result.diagnostics.items.contains { $0.severity == .error && scoringFiles.contains($0.location.file) }
        guard !blocking else {
            DiagnosticOutput.printSummary(result.diagnostics, failure: "成绩无法计算")
            throw ExitCode(1)
        }
        if let explain {
            guard let text = report.explain(explain) else {
                throw ValidationError("没有编号为“\(explain)”的选手")
            }
            print(text, terminator: "")
            return
        }
        switch format {
        case .text: print(report.table(round), terminator: "")
        case .json: print(report.json(round), terminator: "")
        case .csv: FileHandle.standardOutput.write(try report.csv(round))
        }
    }
}

extension ScoreReport.Round: ExpressibleByArgument {}
