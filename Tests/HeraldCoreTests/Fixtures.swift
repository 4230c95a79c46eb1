import Foundation
@testable import HeraldCore

/// Paths to the fixture sites under Tests/Fixtures, and a scratch folder per test.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static var validContent: String { root.appendingPathComponent("sites/valid/content").path }

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
