import Foundation
import Testing
@testable import HeraldCore

/// Private fields never reach output/: every value of `phone` and `id_number` in every contestant file
/// of every fixture site, and the build machine's own paths, are searched for in every output file.
@Suite struct PrivacyTests {
    /// The values of the private fields, read straight from the YAML text (not through Herald's model,
    /// which never reads them).
    static func privateValues(in content: String) -> [String] {
        let folder = content + "/contest/contestants"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var values: [String] = []
        for file in files where file.hasSuffix(".yml") {
            let text = (try? String(contentsOfFile: folder + "/" + file, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                for field in Contestant.privateFields where trimmed.hasPrefix(field + ":") {
                    let value = trimmed.dropFirst(field.count + 1).trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
                    if !value.isEmpty { values.append(value) }
                }
            }
        }
        return values
    }

    static let sites = [Fixtures.contestContent, Fixtures.validContent,
                        Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("content").path]

    @Test(arguments: sites)
    func privateFieldsAndMachinePathsNeverReachOutput(_ content: String) throws {
        let output = Fixtures.scratch()
        let report = Fixtures.build(content: content, output: output, now: "2024-09-30T12:00:00+08:00")
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))")
        let secrets = Self.privateValues(in: content)
        if content != Fixtures.validContent { #expect(!secrets.isEmpty, "the fixture must carry private values to test") }
        let machinePaths = [content, output.path, FileManager.default.currentDirectoryPath, NSHomeDirectory()]
            .filter { $0.count > 1 }
        for file in Fixtures.files(in: output) {
            let data = try Data(contentsOf: output.appendingPathComponent(file))
            let text = String(decoding: data, as: UTF8.self)
            for secret in secrets { #expect(!text.contains(secret), "\(secret) leaked into \(file)") }
            for path in machinePaths { #expect(!text.contains(path), "\(path) appears in \(file)") }
        }
    }
}
