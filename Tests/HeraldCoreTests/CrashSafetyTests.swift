import Foundation
import Testing
@testable import HeraldCore

/// `kill -9` at any moment of a build leaves either the old or the new output/, never a mix, and the
/// next build removes what the killed one left behind.
@Suite struct CrashSafetyTests {
    /// A contest of `count` singers (one page each), built from the contest fixture.
    private func largeSite(_ count: Int) throws -> SiteCopy {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/contest.yml", "capacity: 6", with: "capacity: \(count + 10)")
        try site.replace(in: "contest/contest.yml", "member: 1}", with: "member: \(count)}")
        try site.replace(in: "contest/units.yml", "- {id: chery,", with: "- {id: bulk, name: 某某集团工会, kind: member}\n- {id: chery,")
        var yaml = "unit: bulk\ncontestants:\n"
        for index in 1...count {
            yaml += "  - {id: m-\(index), name: 歌手\(index), employer: 车间\(index), song: 歌\(index), video: media/singers/portrait.mp4, cover: media/singers/cover.jpg, submitted_at: 2024-07-01}\n"
        }
        try site.write("contest/contestants/bulk.yml", yaml)
        return site
    }

    /// Every file below `folder` with its bytes.
    private func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for file in Fixtures.files(in: folder) { files[file] = try Data(contentsOf: folder.appendingPathComponent(file)) }
        return files
    }

    private func herald(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = try #require(CommandLineTests.herald)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func killedBuildLeavesOldOrNewOutput() throws {
        let site = try largeSite(500)
        let workspace = Fixtures.scratch()
        let output = workspace.appendingPathComponent("output")
        func build(_ now: String, into folder: URL) throws -> Process {
            try herald(["build", "--content", site.path, "--output", folder.path, "--now", now])
        }
        // The two states a reader may ever see: before (rematch running) and after (results published).
        let before = try build("2024-08-10", into: output)
        before.waitUntilExit()
        #expect(before.terminationStatus == 0)
        let old = try snapshot(output)
        let reference = workspace.appendingPathComponent("reference")
        let started = Date()
        let complete = try build("2024-08-20T10:00:00+08:00", into: reference)
        complete.waitUntilExit()
        let duration = Date().timeIntervalSince(started)
        #expect(complete.terminationStatus == 0)
        let new = try snapshot(reference)
        #expect(old != new)

        for fraction in [0.1, 0.35, 0.6, 0.9] {
            let run = try build("2024-08-20T10:00:00+08:00", into: output)
            Thread.sleep(forTimeInterval: duration * fraction)
            kill(run.processIdentifier, SIGKILL)
            run.waitUntilExit()
            let seen = try snapshot(output)
            #expect(seen == old || seen == new, "a mix after kill at \(Int(fraction * 100))% (\(seen.count) files)")
            if seen == new {
                // Swapped in just before the kill: go back to the old state for the next round.
                let back = try build("2024-08-10", into: output)
                back.waitUntilExit()
            }
        }
        let last = try build("2024-08-20T10:00:00+08:00", into: output)
        last.waitUntilExit()
        #expect(try snapshot(output) == new)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.path)
            .filter { $0.hasPrefix(".output.herald-") && $0 != ".output.herald-spare" }
        #expect(leftovers.isEmpty, "staging folders of killed builds are removed: \(leftovers)")
        // The spare (the output before last, reused as the next staging folder) never shows in output/.
        #expect(FileManager.default.fileExists(atPath: workspace.appendingPathComponent(".output.herald-spare").path))
    }
}
