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
