import ArgumentParser
import Foundation
import HeraldCore

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "生成网站到输出文件夹；有错误时保留原输出不动。")

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: "自定义版式文件夹（覆盖内置主题中的同名文件）。")
    var layouts: String = "layouts"

    @Option(name: .long, help: "输出文件夹。")
    var output: String = "output"

    @Flag(name: .long, help: "包括草稿和未到发布时间的内容，标为预览且不让搜索引擎收录。")
    var drafts = false

    @Flag(name: .long, help: "不显示进度和汇总，只报告错误。")
    var quiet = false

    func run() throws {
        let started = Date()
        try requireContentFolder(site.content, running: "herald build")
        // Processed images are kept beside the output folder, so a rebuild does not encode them again.
        let parent = folderPart(of: output)
        let cache = (parent.isEmpty ? "" : parent + "/") + ".herald-cache"
        let options = BuildOptions(contentDirectory: site.content, layoutsDirectory: layouts, outputDirectory: output,
                                   now: try site.clock(), includeDrafts: drafts, cacheDirectory: cache)
        // Progress goes to a terminal only; piped or quiet builds print nothing but problems.
        let showsProgress = !quiet && isatty(STDERR_FILENO) == 1
        let report = BuildPipeline(options: options).build { step in
            guard showsProgress else { return }
            let line: String
            switch step {
            case .coversProcessed(let done, let total): line = "封面缩略图 \(done)/\(total)"
            case .pagesRendered(let done, let total): line = "页面 \(done)/\(total)"
            }
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        }
        if showsProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        DiagnosticOutput.printText(report.diagnostics)
        guard report.succeeded else {
            DiagnosticOutput.printSummary(report.diagnostics, failure: "构建失败，\(output)/ 保持原样")
            throw ExitCode(1)
        }
        let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
        var summary = "已生成 \(report.pagesWritten) 个页面，共 \(report.filesWritten) 个文件 → \(output)/（\(seconds) 秒）"
        if report.filesUnchanged > 0 {
            summary += report.filesUnchanged == report.filesWritten ? "；内容无变化，未写入任何文件"
                : "；其中 \(report.filesUnchanged) 个与上次相同，未重写"
            if report.pagesReused > 0 { summary += "（\(report.pagesReused) 个页面无需重新渲染）" }
        }
        if report.imagesEncoded + report.imagesReused > 0 {
            summary += "；封面缩略图新生成 \(report.imagesEncoded) 个，沿用缓存 \(report.imagesReused) 个"
        }
        if !quiet { print(summary) }
    }
}
