import Foundation
import Testing
@testable import HeraldCore

@Suite struct CampaignDateTests {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    @Test func plainDateIsMidnightInShanghaiNotUTC() throws {
        let date = try #require(CampaignDate(parsing: "2024-07-31"))
        // 2024-07-31T00:00+08:00 = 2024-07-30T16:00Z
        #expect(date.instant(in: shanghai) == Date(timeIntervalSince1970: 1_722_355_200))
    }

    @Test func deadlineDateMeansItsLastSecond() throws {
        let date = try #require(CampaignDate(parsing: "2024-07-31"))
        // 2024-07-31T23:59:59+08:00 = 2024-07-31T15:59:59Z
        #expect(date.instant(in: shanghai, endOfDay: true) == Date(timeIntervalSince1970: 1_722_441_599))
    }

    @Test func timeWithoutOffsetIsShanghaiTime() throws {
        let date = try #require(CampaignDate(parsing: "2024-07-31T23:59:00"))
        #expect(date.instant(in: shanghai) == Date(timeIntervalSince1970: 1_722_441_540))
    }

    @Test func explicitOffsetWins() throws {
        let utc = try #require(CampaignDate(parsing: "2024-07-31T15:59:00Z"))
        let plus8 = try #require(CampaignDate(parsing: "2024-07-31T23:59:00+08:00"))
        #expect(utc.instant(in: shanghai) == plus8.instant(in: shanghai))
        #expect(plus8.instant(in: TimeZone(identifier: "America/New_York")!) == plus8.instant(in: shanghai))
    }

    @Test func chineseFormIsAccepted() throws {
        let date = try #require(CampaignDate(parsing: "2024年5月8日"))
        #expect(date == CampaignDate(year: 2024, month: 5, day: 8))
    }

    @Test(arguments: ["2024-02-30", "2024-13-01", "2024/05-08", "2024-05/08", "05-08-2024", "2024-05-08T25:00", "tomorrow", ""])
    func invalidDatesAreRejected(_ text: String) {
        #expect(CampaignDate(parsing: text) == nil)
    }

    @Test func spreadsheetSlashesAreAccepted() throws {
        // What Excel and WPS export in a Chinese locale.
        #expect(CampaignDate(parsing: "2024/7/30") == CampaignDate(year: 2024, month: 7, day: 30))
        let timed = try #require(CampaignDate(parsing: "2024/7/30 20:15"))
        #expect(timed.hasTime && timed.hour == 20 && timed.minute == 15 && timed.utcOffset == nil)
    }

    @Test func leapDayIsValidOnlyInLeapYears() {
        #expect(CampaignDate(parsing: "2024-02-29") != nil)
        #expect(CampaignDate(parsing: "2023-02-29") == nil)
    }

    @Test func rfc822IsInPlusEight() {
        let instant = Fixtures.instant("2024-05-08T09:00:00+08:00")
        #expect(ChineseFormat.rfc822(instant, in: shanghai) == "Wed, 08 May 2024 09:00:00 +0800")
        #expect(ChineseFormat.date(instant, in: shanghai) == "2024年5月8日")
    }
}
