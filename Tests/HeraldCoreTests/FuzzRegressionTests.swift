import Foundation
import Testing
@testable import HeraldCore

/// Inputs the libFuzzer targets in Tests/Fuzz (or probes of what they reported) showed to crash or hang
/// Herald, each kept here so it cannot come back. See Tests/Fuzz/README.md.
///
/// A test marked `.disabled` describes a problem that is not fixed yet: it states what Herald must do
/// once it is, and is enabled with the fix.
@Suite struct FuzzRegressionTests {
    /// Seconds since `start`, on the monotonic clock.
    private static func elapsed(since start: ContinuousClock.Instant) -> Double {
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    // MARK: - Herald's own code

    /// The positions handed to the link resolver stay exact for links far along one long line (the
    /// column is counted in characters, as an editor counts them).
    @Test func linkColumnsOnALongLineAreCharacterColumns() {
        let markdown = String(repeating: "[中](a) ", count: 300) + "[末](b)"
        var last: MarkdownRenderer.Destination?
        _ = MarkdownRenderer().render(markdown) { destination in
            last = destination
            return destination.url
        }
        #expect(last?.url == "b")
        #expect(last?.line == 1)
        #expect(last?.column == 300 * "[中](a) ".count + 1)
    }

    /// FuzzMarkdown: `MarkdownRenderer`'s `LineIndex.characterColumn` decodes the line from its start up
    /// to every link, so n links on one line cost O(n × line length): in a fuzz build 8,000 links on one
    /// 56 KB line took 2.5 s against 0.17 s for the same links one per line, and the time grows with the
    /// square (debug build: 20,000 links, 140 KB, 2.9 s against 0.1 s). Herald must render links on one line
    /// about as fast as the same links on separate lines.
    @Test func manyLinksOnOneLineRenderInLinearTime() {
        func render(_ markdown: String) -> (seconds: Double, links: Int) {
            let start = ContinuousClock.now
            var links = 0
            _ = MarkdownRenderer().render(markdown) { destination in
                links += 1
                return destination.url
            }
            return (Self.elapsed(since: start), links)
        }
        let separateLines = render(String(repeating: "[a](b)\n\n", count: 20_000))
        let oneLine = render(String(repeating: "[a](b) ", count: 20_000))
        #expect(oneLine.links == 20_000 && separateLines.links == 20_000)
        #expect(oneLine.seconds < 4 * separateLines.seconds + 0.5,
                "20,000 links: \(oneLine.seconds) s on one line, \(separateLines.seconds) s one per paragraph")
    }

    // MARK: - cmark-gfm 0.29.0.gfm.6 (Debian 12), reached through Herald's pages

    /// Lines on which libcmark-gfm 0.29.0.gfm.6 spends time quadratic in the line's length (fixed
    /// upstream in 0.29.0.gfm.7 and later; Debian 12 ships .6 without the fixes). Each is a page that
    /// an editor or a contestant's bio could hold; times are for the bytes shown, in a fuzz build.
    static let quadraticLines: [(name: String, text: String)] = [
        // A table row of 50,000 cells: 32 s (cmark_llist_append walks the row's cell list per cell).
        ("table row with 50,000 cells", "| a |\n| - |\n" + String(repeating: "|", count: 50_000) + "\n"),
        // 8,000 `![[]()` on one line: 4.5 s (bracket matching in cmark_parse_inlines; part of it is LineIndex).
        ("8,000 nested image brackets", String(repeating: "![[]()", count: 8_000) + "\n"),
        // `a@` 25,000 times: 1.5 s (the autolink extension rescans the text before each `@`).
        ("25,000 e-mail autolink candidates", String(repeating: "a@", count: 25_000) + "\n"),
    ]

    /// Herald must refuse such a page with an error at its line (e.g. a limit on a line's length or a
    /// table row's cells, checked before cmark-gfm sees the text) instead of hanging the build.
    @Test(arguments: quadraticLines.map(\.name))
    func pathologicalMarkdownIsAnErrorNotAHang(name: String) throws {
        let text = try #require(Self.quadraticLines.first { $0.name == name }).text
        let site = try SiteCopy(of: Fixtures.validContent)
        try site.write("notices/fuzz.md", "---\ntitle: 通知\ndate: 2024-05-08\n---\n\n" + text)
        let start = ContinuousClock.now
        let diagnostics = site.check()
        #expect(Self.elapsed(since: start) < 5, "\(name): check took \(Self.elapsed(since: start)) s")
        #expect(diagnostics.items.contains { $0.severity == .error && $0.location.file.hasSuffix("notices/fuzz.md") },
                "\(name): no error reported for notices/fuzz.md")
    }

    /// The line-length limit names the line and its size (counted in bytes between newlines).
    @Test func aLineOverTheLimitIsReportedAtItsLine() throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        try site.write("notices/long.md", "---\ntitle: 通知\ndate: 2024-05-08\n---\n\n第一段。\n\n" + String(repeating: "长", count: 6_000) + "\n")
        let error = try #require(site.check().items.first { $0.severity == .error && $0.location.file.hasSuffix("notices/long.md") })
        #expect(error.location.line == 8)
        #expect(error.message.contains("这一行有 17 KB"), "\(error.message)")
    }
}
