import Foundation
import Testing
@testable import HeraldCore

@Suite struct PublicationClockTests {
    let zone = TimeZone(identifier: "Asia/Shanghai")!
    let publishAt = CampaignDate(parsing: "2024-08-20T10:00:00+08:00")

    private func clock(_ now: String, drafts: Bool = false) -> PublicationClock {
        PublicationClock(now: Fixtures.instant(now), includesDrafts: drafts, timeZone: zone)
    }

    @Test func embargoHoldsUntilTheSecond() {
        #expect(clock("2024-08-20T09:59:59+08:00").visibility(draft: false, publishAt: publishAt) == .hidden)
        #expect(clock("2024-08-20T10:00:00+08:00").visibility(draft: false, publishAt: publishAt) == .published)
    }

    @Test func plainDateEmbargoStartsAtMidnightShanghai() {
        let day = CampaignDate(parsing: "2024-05-08")
        // 2024-05-07T23:59:59+08:00 is already 2024-05-07T15:59:59Z; a UTC reading would get this wrong.
        #expect(clock("2024-05-07T23:59:59").visibility(draft: false, publishAt: day) == .hidden)
        #expect(clock("2024-05-08T00:00:00").visibility(draft: false, publishAt: day) == .published)
    }

    @Test func draftsAndEmbargoesAreAPreviewWithDrafts() {
        #expect(clock("2024-01-01", drafts: true).visibility(draft: false, publishAt: publishAt) == .preview)
        #expect(clock("2030-01-01", drafts: true).visibility(draft: true, publishAt: nil) == .preview)
        #expect(clock("2030-01-01").visibility(draft: true, publishAt: nil) == .hidden)
    }
}

/// A correction (`updated`) is a dated event like any other: nothing shows it before its day.
@Suite struct CorrectionDateTests {
    @Test func aCorrectionIsShownFromItsDayOn() throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        try site.replace(in: "notices/2024-05-first.md", "date: 2024-05-08\n", with: "date: 2024-05-08\nupdated: 2024-08-15\n")
        let early = Fixtures.scratch()
        let report = Fixtures.build(content: site.path, output: early, now: "2024-08-10T12:00:00+08:00")
        #expect(report.succeeded)
        let warning = try #require(report.diagnostics.sorted.first { $0.message.contains("更正日期") })
        #expect(warning.severity == .warning && warning.location.line == 4)
        #expect(!Fixtures.text(early, "notices/2024-05-first/index.html").contains("更正于"))
        #expect(!Fixtures.text(early, "feed.xml").contains("15 Aug 2024") && !Fixtures.text(early, "sitemap.xml").contains("2024-08-15"))

        let later = Fixtures.scratch()
        #expect(Fixtures.build(content: site.path, output: later, now: "2024-08-15T00:00:00+08:00").succeeded)
        #expect(Fixtures.text(later, "notices/2024-05-first/index.html").contains("更正于"))
        #expect(Fixtures.text(later, "feed.xml").contains("15 Aug 2024"))
    }
}
