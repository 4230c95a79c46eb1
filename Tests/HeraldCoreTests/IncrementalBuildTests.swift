import Foundation
import Testing
@testable import HeraldCore

/// A rebuild leaves identical files untouched (same inode and modification time), so rsync and CDN
/// uploads send only what changed; a rebuild with no change does not touch output/ at all.
@Suite struct IncrementalBuildTests {
    private func identity(_ url: URL) throws -> (inode: UInt64, modified: Date) {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return ((attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0, attributes[.modificationDate] as? Date ?? .distantPast)
    }

    @Test func unchangedFilesKeepTheirIdentityAndOnlyChangesAreWritten() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let output = Fixtures.scratch().appendingPathComponent("output")
        let first = Fixtures.build(content: site.path, output: output)
        #expect(first.succeeded && first.filesUnchanged == 0)
        let files = Fixtures.files(in: output)
        let before = try Dictionary(uniqueKeysWithValues: files.map { ($0, try identity(output.appendingPathComponent($0))) })
        let folder = try identity(output)

        let same = Fixtures.build(content: site.path, output: output)
        #expect(same.filesUnchanged == same.filesWritten, "nothing changed")
        #expect(try identity(output).inode == folder.inode, "output/ itself was not replaced")

        try site.replace(in: "notices/contest.md", "报名截至2024年7月31日。", with: "报名截至2024年7月31日，逾期不候。")
        let edited = Fixtures.build(content: site.path, output: output)
        #expect(edited.succeeded)
        var rewritten: [String] = []
        for file in files {
            let now = try identity(output.appendingPathComponent(file))
            if now.inode != before[file]?.inode { rewritten.append(file) }
        }
        #expect(rewritten.contains("notices/contest/index.html"))
        #expect(!rewritten.contains("contest/singers/hf-001/index.html"))
        #expect(!rewritten.contains { $0.hasPrefix("media/") }, "media and thumbnails are linked, not copied again")
        #expect(rewritten.count == edited.filesWritten - edited.filesUnchanged)
        #expect(rewritten.count < 12, "only the notice, the lists, home and the feeds: \(rewritten)")
    }
}
