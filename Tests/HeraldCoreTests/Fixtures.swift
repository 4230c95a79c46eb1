import Foundation
@testable import HeraldCore

/// Paths to the fixture sites under Tests/Fixtures, and a scratch folder per test.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static var validContent: String { root.appendingPathComponent("sites/valid/content").path }
    static var contestContent: String { root.appendingPathComponent("sites/contest/content").path }

    static func invalidContent(_ name: String) -> String {
        root.appendingPathComponent("invalid/\(name)/content").path
    }

    /// The instant `text` names in Asia/Shanghai (or its own offset).
    static func instant(_ text: String) -> Date {
        guard let date = CampaignDate(parsing: text) else { fatalError("bad test date \(text)") }
        return date.instant(in: TimeZone(identifier: "Asia/Shanghai")!)
    }

    /// A fresh empty folder, removed when the test process ends is not guaranteed: callers clean up.
    static func scratch(_ name: String = #function) -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("herald-tests-\(getpid())")
            .appendingPathComponent(name.filter { $0.isLetter || $0.isNumber } + "-" + UUID().uuidString.prefix(8))
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func build(content: String, output: URL, now: String = "2024-08-10T12:00:00+08:00",
                      drafts: Bool = false, layouts: String? = nil) -> BuildReport {
        BuildPipeline(options: BuildOptions(contentDirectory: content, layoutsDirectory: layouts,
                                            outputDirectory: output.path, now: instant(now),
                                            includeDrafts: drafts)).build()
    }

    /// Every file below `folder`, relative to it, sorted.
    static func files(in folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var files: [String] = []
        while let name = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory),
               !isDirectory.boolValue {
                files.append(name)
            }
        }
        return files.sorted()
    }

    static func text(_ folder: URL, _ file: String) -> String {
        (try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)) ?? ""
    }
}

/// A writable copy of a fixture site, for tests that break exactly one thing.
struct SiteCopy {
    let content: URL

    init(of fixture: String) throws {
        content = Fixtures.scratch().appendingPathComponent("content")
        try FileManager.default.copyItem(atPath: fixture, toPath: content.path)
    }

    var path: String { content.path }

    func file(_ relativePath: String) -> String { content.appendingPathComponent(relativePath).path }

    /// Replaces the one occurrence of `old` in a file; fails loudly when the fixture changed.
    func replace(in relativePath: String, _ old: String, with new: String) throws {
        let url = content.appendingPathComponent(relativePath)
        let text = try String(contentsOf: url, encoding: .utf8)
        guard text.components(separatedBy: old).count == 2 else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "\(old) not once in \(relativePath)"])
        }
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    func write(_ relativePath: String, _ text: String) throws {
        let url = content.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func copyMedia(_ fixtureName: String, to relativePath: String) throws {
        let target = content.appendingPathComponent(relativePath)
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: Fixtures.root.appendingPathComponent("media/" + fixtureName), to: target)
    }

    func check(now: String = "2024-08-10T12:00:00+08:00") -> Diagnostics {
        BuildPipeline(options: BuildOptions(contentDirectory: path, layoutsDirectory: nil,
                                            now: Fixtures.instant(now))).check().diagnostics
    }
}
