import ArgumentParser
import Foundation
import HeraldCore

@main
struct Herald: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "herald",
        abstract: "Herald 把 content/ 里的通知、子项目和大赛资料生成为静态网站。",
        subcommands: [Build.self, Check.self, Score.self, Import.self, New.self, Serve.self]
    )

    /// Exit statuses per SPEC: 0 success, 1 content errors, 2 usage errors.
    static func main() {
        Memory.limitArenasToCores()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            self.exit(withError: error)
        }
    }
}

/// Options shared by the commands that read a site.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: "内容文件夹。")
    var content: String = "content"

    @Option(name: .long, help: "把此时刻当作“现在”（ISO 8601，如 2024-08-10T12:00:00+08:00；不带时区按北京时间）。")
    var now: String?

    func clock() throws -> Date {
        guard let now else { return Date() }
        guard let date = CampaignDate(parsing: now) else {
            throw ValidationError("--now 的时间“\(now)”无法识别；写成 2024-08-10 或 2024-08-10T12:00:00+08:00")
        }
        return date.instant(in: TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!)
    }
}

/// A content folder that is not there is a mistake in how herald was run, not in the content: exit
/// status 2 (a usage error, SPEC), with the message in the compiler's form.
func requireContentFolder(_ path: String, running command: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
        let message = "\(path): error: 找不到内容文件夹；在网站文件夹里运行 \(command)，或用 `--content 路径` 指明内容文件夹\n"
        FileHandle.standardError.write(Data(message.utf8))
        throw ExitCode(2)
    }
}

enum DiagnosticOutput {
    static func printText(_ diagnostics: Diagnostics) {
        var printer = DiagnosticPrinter()
        let text = printer.text(for: diagnostics.sorted)
        if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
    }

    static func printSummary(_ diagnostics: Diagnostics, failure: String) {
        if diagnostics.hasErrors {
            let line = "\(failure)：\(diagnostics.errorCount) 个错误，\(diagnostics.warningCount) 个警告\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}
