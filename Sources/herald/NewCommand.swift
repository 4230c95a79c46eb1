import ArgumentParser
import Foundation
import HeraldCore

/// `herald new notice|project TITLE`: a new file with the right front matter, its path on stdout.
///
/// The work is in `Scaffold`; this parses arguments and prints, so the templates are tested without
/// the binary.
struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "新建一篇通知或一个子项目：写好全部字段和说明，并打印文件路径。",
        discussion: """
            通知写到 notices/标题拼音.md，子项目写到 projects/序号-标题拼音.md（序号接着已有的往下排）。
            新文件是草稿（draft: true），写完后改为 false 才会发布。已有同名文件时不覆盖。
            """
    )

    @Argument(help: "新建什么：notice（通知）或 project（子项目）。")
    var kind: Scaffold.Kind

    @Argument(help: "标题，如“关于举办职工歌手大赛的通知”。")
    var title: String

    @OptionGroup var site: SiteOptions

    func validate() throws {
        if title.allSatisfy(\.isWhitespace) {
            throw ValidationError("标题是空的；写成 herald new \(kind.rawValue) 标题")
        }
    }

    func run() throws {
        try requireContentFolder(site.content, running: "herald new")
        let scaffold = Scaffold(contentDirectory: site.content, now: try site.clock())
        do {
            let path = try scaffold.create(kind, title: title)
            print(path)
            FileHandle.standardError.write(Data("已新建\(kind == .notice ? "通知" : "子项目")草稿；写完后把 draft 改为 false，再运行 herald build。\n".utf8))
        } catch let failure as Scaffold.Failure {
            FileHandle.standardError.write(Data("error: \(failure.message)；\(failure.hint)\n".utf8))
            throw ExitCode(1)
        }
    }
}

extension Scaffold.Kind: ExpressibleByArgument {}
