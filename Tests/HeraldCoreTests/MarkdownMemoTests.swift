import Foundation
import Testing
@testable import HeraldCore

/// Markdown rendered by an earlier build is reused only when every link is answered as it was, and the
/// questions are asked again either way (the link check's messages come from the answers).
@Suite struct MarkdownMemoTests {
    private let text = """
        ## 一、报名

        详见[报名通知](contest.md)和[附件](../media/a.pdf)，![海报](poster.jpg)。

        外部链接 <https://example.org/>，[锚点](#一报名)。
        """

    /// A resolver that logs what it was asked and answers from `answers` (the URL itself when not listed).
    private final class Resolver {
        var asked: [MarkdownRenderer.Destination] = []
        var answers: [String: String?] = [:]

        func callAsFunction(_ destination: MarkdownRenderer.Destination) -> String? {
            asked.append(destination)
            if let answer = answers[destination.url] { return answer }
            return destination.url
        }
    }

    private func fresh(_ resolver: Resolver) -> String {
        MarkdownRenderer().render(text) { resolver($0) }
    }

    @Test func reusedHTMLIsWhatRenderingGivesAndTheSameQuestionsAreAsked() {
        let first = MarkdownMemo()
        let recording = Resolver()
        let rendered = MarkdownRenderer(allowsRawHTML: false, memo: first).render(text) { recording($0) }
        #expect(rendered == fresh(Resolver()))

        let second = MarkdownMemo(entries: first.entries)
        let asked = Resolver()
        let reused = MarkdownRenderer(allowsRawHTML: false, memo: second).render(text) { asked($0) }
        #expect(reused == rendered)
        #expect(asked.asked == recording.asked, "every link is asked about again, in the same order")
        #expect(second.reused == 1)
    }

    @Test func aChangedAnswerRendersAgainAskingEachQuestionOnce() {
        let first = MarkdownMemo()
        _ = MarkdownRenderer(allowsRawHTML: false, memo: first).render(text) { Resolver()($0) }

        for withdrawn in ["contest.md", "poster.jpg", "#一报名"] {
            let changed = Resolver()
            changed.answers[withdrawn] = .some(nil)
            let memo = MarkdownMemo(entries: first.entries)
            let html = MarkdownRenderer(allowsRawHTML: false, memo: memo).render(text) { changed($0) }
            let expected = Resolver()
            expected.answers[withdrawn] = .some(nil)
            #expect(html == fresh(expected), "\(withdrawn)")
            #expect(changed.asked == expected.asked, "no question asked twice: \(withdrawn)")
            #expect(memo.reused == 0)
        }
    }

    @Test func anotherSettingIsAnotherEntry() {
        let memo = MarkdownMemo()
        let raw = "<b>粗</b>"
        let safe = MarkdownRenderer(allowsRawHTML: false, memo: memo).render(raw) { $0.url }
        let unsafe = MarkdownRenderer(allowsRawHTML: true, memo: memo).render(raw) { $0.url }
        #expect(safe != unsafe)
        #expect(MarkdownRenderer(allowsRawHTML: true, memo: MarkdownMemo(entries: memo.entries)).render(raw) { $0.url } == unsafe)
    }

    @Test func theCacheFileReadsBackAndADamagedOneIsIgnored() throws {
        let scratch = Fixtures.scratch()
        let cache = scratch.appendingPathComponent(".herald-cache").path
        let content = scratch.appendingPathComponent("content").path
        let first = MarkdownMemo(cacheDirectory: cache, contentRoot: content)
        let rendered = MarkdownRenderer(allowsRawHTML: false, memo: first).render(text) { $0.url == "contest.md" ? nil : $0.url }
        first.save()

        let read = MarkdownMemo(cacheDirectory: cache, contentRoot: content)
        #expect(MarkdownRenderer(allowsRawHTML: false, memo: read).render(text) { $0.url == "contest.md" ? nil : $0.url } == rendered)
        #expect(read.reused == 1)

        let file = try #require(Fixtures.files(in: URL(fileURLWithPath: cache)).first { $0.hasPrefix("markdown-") })
        let path = cache + "/" + file
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let damaged = MarkdownMemo(cacheDirectory: cache, contentRoot: content)
        #expect(MarkdownRenderer(allowsRawHTML: false, memo: damaged).render(text) { $0.url == "contest.md" ? nil : $0.url } == rendered)
        #expect(damaged.reused == 0)
    }
}

extension MarkdownMemoTests {
    @Test func summariesAreKeptByTheirHTMLAndMadeAgainForOtherHTML() throws {
        let scratch = Fixtures.scratch()
        let cache = scratch.appendingPathComponent(".herald-cache").path
        let content = scratch.appendingPathComponent("content").path
        let html = "<h2>一、总体要求</h2>\n<p>为深入学习宣传贯彻党的二十大精神，决定举办职工歌手大赛。</p>\n"
        let first = MarkdownMemo(cacheDirectory: cache, contentRoot: content)
        #expect(first.summary(of: html) { Summary.of(html: $0) } == Summary.of(html: html))
        first.save()

        let read = MarkdownMemo(cacheDirectory: cache, contentRoot: content)
        var made = 0
        let summary = read.summary(of: html) { made += 1; return Summary.of(html: $0) }
        #expect(summary == Summary.of(html: html) && made == 0, "taken from the file")
        let other = html.replacingOccurrences(of: "职工歌手大赛", with: "职工合唱比赛")
        #expect(read.summary(of: other) { made += 1; return Summary.of(html: $0) } == Summary.of(html: other))
        #expect(made == 1)
    }
}
