import Foundation
import Testing

/// The `herald` binary as an editor runs it: exit statuses and where messages go.
@Suite struct CommandLineTests {
    /// The `herald` executable built next to this test bundle.
    static let herald: URL? = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug"),
        ]
        return candidates.map { $0.appendingPathComponent("herald") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    struct Run { let status: Int32; let stdout: String; let stderr: String }

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Run {
        let process = Process()
        process.executableURL = try #require(herald, "build the herald product first")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func successfulBuildExitsZero() throws {
        let output = Fixtures.scratch()
        let run = try Self.run(["build", "--content", Fixtures.validContent, "--output", output.path,
                                "--now", "2024-08-10T12:00:00+08:00"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("个页面"))
    }

    @Test func contentErrorsExitOneWithCompilerStyleMessages() throws {
        let content = Fixtures.invalidContent("many-errors")
        let run = try Self.run(["build", "--content", content, "--output", Fixtures.scratch().path])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.hasPrefix(content + "/") })
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try Self.run(["build", "--now", "next tuesday"]).status == 2)
        #expect(try Self.run(["build", "--no-such-flag"]).status == 2)
        #expect(try Self.run(["frobnicate"]).status == 2)
    }

    @Test func scoreIsNotHeldUpByAMistakeOutsideTheResults() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "notices/contest.md", "date: ", with: "date: 2024-05-32\nx: ")
        let run = try Self.run(["score", "--content", site.path, "--round", "rematch", "--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("pw-001") && run.stderr.contains("notices/contest.md"))

        // A mistake in the final's file does not hold up the rematch table (the one a tie at the cut is settled on).
        try site.write("contest/results/final.yml", "published_at: 2024-09-16T10:00:00+08:00\nentries:\n  - {id: nobody, judges: [90], quiz: 90, talent: 90}\n")
        #expect(try Self.run(["score", "--content", site.path, "--round", "rematch"]).status == 0)
        #expect(try Self.run(["score", "--content", site.path, "--round", "final"]).status == 1)

        try site.replace(in: "contest/results/rematch.yml", "votes: 12873", with: "votes: 很多")
        let blocked = try Self.run(["score", "--content", site.path, "--round", "rematch"])
        #expect(blocked.status == 1 && blocked.stdout.isEmpty, "a mistake in the results themselves stops it")
    }

    @Test func checkSpeaksJSONForMachines() throws {
        let run = try Self.run(["check", "--content", Fixtures.invalidContent("bad-date"), "--format", "json"])
        #expect(run.status == 1)
        let entries = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]
        #expect(entries?.first?["line"] as? Int == 3)
        #expect(entries?.first?["severity"] as? String == "error")
    }

    /// SPEC: the default theme is inside the binary, so a folder holding only content/ builds from anywhere.
    @Test func folderWithOnlyContentBuildsWithTheBuiltInTheme() throws {
        let site = Fixtures.scratch()
        try FileManager.default.copyItem(atPath: Fixtures.validContent, toPath: site.appendingPathComponent("content").path)
        let run = try Self.run(["build", "--now", "2024-08-10"], in: site)
        #expect(run.status == 0, "\(run.stderr)")
        let index = try String(contentsOf: site.appendingPathComponent("output/index.html"), encoding: .utf8)
        #expect(index.contains("<!DOCTYPE html>"))
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("output/assets/style.css").path))
    }

    /// Foundation's `deletingLastPathComponent` traps on a one-character path: `--output o` crashed.
    @Test func aOneLetterOutputOrContentFolderWorks() throws {
        let site = Fixtures.scratch()
        try FileManager.default.copyItem(atPath: Fixtures.validContent, toPath: site.appendingPathComponent("c").path)
        let run = try Self.run(["build", "--content", "c", "--output", "o", "--now", "2024-08-10"], in: site)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("o/index.html").path))
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(".herald-cache").path))
    }

    /// A content folder that is not there is a usage error (exit 2), named in the compiler's form.
    @Test func aMissingContentFolderIsAUsageError() throws {
        let missing = Fixtures.scratch().appendingPathComponent("no-such-content").path
        for command in [["build", "--output", Fixtures.scratch().appendingPathComponent("o").path], ["check"], ["score"]] {
            let run = try Self.run([command[0], "--content", missing] + command.dropFirst())
            #expect(run.status == 2, "\(command[0]): \(run.stderr)")
            #expect(run.stderr.hasPrefix(missing + ": error: 找不到内容文件夹"), "\(command[0])")
        }
        let empty = Fixtures.scratch()
        #expect(try Self.run(["build"], in: empty).status == 2, "run outside a site folder")
        #expect(try Self.run(["import", "contestants", "a.csv", "--unit", "hefei"], in: empty).status == 2)
    }
}
