import Foundation
import Testing
@testable import HeraldCore

/// `calendar.ics`: the contest's dates and the events notices announce, as RFC 5545 text a calendar
/// app subscribes to — CRLF lines folded at 75 octets, one VTIMEZONE, stable UIDs, nothing embargoed.
@Suite struct CalendarFeedTests {
    private func calendar(_ content: String, now: String = "2024-08-10T12:00:00+08:00", drafts: Bool = false) throws -> String {
        let options = BuildOptions(contentDirectory: content, layoutsDirectory: nil, now: Fixtures.instant(now),
                                   includeDrafts: drafts)
        let checked = BuildPipeline(options: options).check()
        let resolved = try #require(checked.resolved, "\(checked.diagnostics.sorted.map(\.summaryLine))")
        return try #require(String(data: CalendarFeed(resolved: resolved).ics(), encoding: .utf8))
    }

    /// The content lines with folding undone (RFC 5545 §3.1: CRLF followed by one space or tab).
    private func unfolded(_ ics: String) -> [String] {
        ics.replacingOccurrences(of: "\r\n ", with: "").replacingOccurrences(of: "\r\n\t", with: "")
            .components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    /// The VEVENT whose UID is `uid`, as unfolded lines; nil when there is none.
    private func event(_ uid: String, in ics: String) -> [String]? {
        var current: [String] = []
        for line in unfolded(ics) {
            if line == "BEGIN:VEVENT" { current = [] }
            current.append(line)
            if line == "END:VEVENT", current.contains("UID:" + uid) { return current }
        }
        return nil
    }

    private func noticeWithEvents(_ copy: SiteCopy, frontMatter: String = "") throws {
        try copy.write("notices/training.md", """
            ---
            title: 关于举办测试大赛赛前培训暨复赛说明会的通知
            date: 2024-08-01
            \(frontMatter)events:
              - title: 赛前培训（声乐、舞台表现；视频拍摄与剪辑，以及报送材料的整理和核对要求）
                start: 2024-08-12
                end: 2024-08-13
              - title: 复赛说明会
                start: 2024-08-14T14:30
                end: 2024-08-14T16:00
                location: 合肥市包河区, 安徽省总工会大楼三楼; 第一会议室
            ---

            请各单位按时参加。
            """)
    }

    @Test func isRFC5545TextWithCRLFFoldedLinesAndOneTimeZone() throws {
        let ics = try calendar(Fixtures.contestContent)
        #expect(ics.hasPrefix("BEGIN:VCALENDAR\r\nPRODID:"))
        #expect(ics.hasSuffix("END:VCALENDAR\r\n"))
        let lines = ics.components(separatedBy: "\r\n").dropLast()
        for line in lines {
            #expect(line.utf8.count <= 75, "longer than 75 octets: \(line)")
            #expect(!line.contains("\n") && !line.contains("\r"), "a bare line break in \(line)")
        }
        let content = unfolded(ics)
        for expected in ["VERSION:2.0", "CALSCALE:GREGORIAN", "X-WR-CALNAME:歌手大赛测试站", "NAME:歌手大赛测试站",
                         "X-WR-TIMEZONE:Asia/Shanghai"] {
            #expect(content.contains(expected), "missing \(expected)")
        }
        let zone = try #require(content.firstIndex(of: "BEGIN:VTIMEZONE"))
        #expect(Array(content[zone...].prefix(4)) == ["BEGIN:VTIMEZONE", "TZID:Asia/Shanghai", "BEGIN:STANDARD",
                                                     "DTSTART:19700101T000000"])
        #expect(content.contains("TZOFFSETFROM:+0800") && content.contains("TZOFFSETTO:+0800"))
        #expect(content.filter { $0 == "BEGIN:VTIMEZONE" }.count == 1)
    }

    @Test func stagesAreAllDayEventsEndingTheDayAfterTheirLastDay() throws {
        let ics = try calendar(Fixtures.contestContent)
        let rematch = try #require(event("stage-rematch.singers@example.org", in: ics))
        #expect(rematch.contains("SUMMARY:测试职工歌手大赛：复赛（网络投票）"))
        #expect(rematch.contains("DTSTART;VALUE=DATE:20240807"))
        #expect(rematch.contains("DTEND;VALUE=DATE:20240817"))
        #expect(rematch.contains("URL:https://example.org/singers/contest/"))
        #expect(rematch.contains("TRANSP:TRANSPARENT"))

        // 报名初选 has only `until`: shown on its last day.
        let submit = try #require(event("stage-submit.singers@example.org", in: ics))
        #expect(submit.contains("SUMMARY:测试职工歌手大赛：报名初选截止"))
        #expect(submit.contains("DTSTART;VALUE=DATE:20240731") && submit.contains("DTEND;VALUE=DATE:20240801"))
        #expect(event("stage-final.singers@example.org", in: ics)?.contains("DTEND;VALUE=DATE:20240916") == true)
    }

    @Test func theSubmissionDeadlineIsATimedEventInShanghaiTime() throws {
        let ics = try calendar(Fixtures.contestContent)
        let deadline = try #require(event("submission-deadline.singers@example.org", in: ics))
        #expect(deadline.contains("DTSTART;TZID=Asia/Shanghai:20240731T235900"))
        #expect(deadline.contains("SUMMARY:测试职工歌手大赛：作品提交截止"))
        #expect(!deadline.contains { $0.hasPrefix("DTEND") })
    }

    @Test func embargoedResultsAreAbsentUntilPublishedAt() throws {
        let before = try calendar(Fixtures.contestContent, now: "2024-08-20T09:59:59+08:00")
        #expect(!before.contains("results-rematch"))
        #expect(!before.contains("复赛结果公示"))
        #expect(!before.contains("contest/results"))

        let after = try calendar(Fixtures.contestContent, now: "2024-08-20T10:00:00+08:00")
        let results = try #require(event("results-rematch.singers@example.org", in: after))
        #expect(results.contains("SUMMARY:测试职工歌手大赛复赛结果公示"))
        #expect(results.contains("DTSTART;TZID=Asia/Shanghai:20240820T100000"))
        #expect(results.contains("URL:https://example.org/singers/contest/results/rematch/"))
    }

    @Test func sameContentGivesTheSameBytesWhateverTheClock() throws {
        let copy = try SiteCopy(of: Fixtures.contestContent)
        try noticeWithEvents(copy)
        let first = try calendar(copy.path, now: "2024-08-10T12:00:00+08:00")
        let second = try calendar(copy.path, now: "2024-08-10T12:00:00+08:00")
        let dayLater = try calendar(copy.path, now: "2024-08-11T18:30:00+08:00")
        #expect(first == second)
        #expect(first == dayLater, "DTSTAMP and UIDs must not follow the clock")
        // DTSTAMP is the newest content date: the training notice's day of issue, in UTC.
        #expect(unfolded(first).filter { $0.hasPrefix("DTSTAMP:") }.allSatisfy { $0 == "DTSTAMP:20240731T160000Z" })
        let uids = unfolded(first).filter { $0.hasPrefix("UID:") }
        #expect(Set(uids).count == uids.count, "UIDs are unique: \(uids)")
    }

    @Test func noticeEventsLinkBackToTheirNotice() throws {
        let copy = try SiteCopy(of: Fixtures.contestContent)
        try noticeWithEvents(copy)
        let ics = try calendar(copy.path)

        let training = try #require(event("notice-training-1.singers@example.org", in: ics))
        #expect(training.contains("SUMMARY:赛前培训（声乐、舞台表现；视频拍摄与剪辑，以及报送材料的整理和核对要求）"))
        #expect(training.contains("DTSTART;VALUE=DATE:20240812") && training.contains("DTEND;VALUE=DATE:20240814"))
        #expect(training.contains("URL:https://example.org/singers/notices/training/"))
        #expect(training.contains("DESCRIPTION:详见通知《关于举办测试大赛赛前培训暨复赛说明会的通知》：https://example.org/singers/notices/training/"))
        #expect(!training.contains("TRANSP:TRANSPARENT"))

        let meeting = try #require(event("notice-training-2.singers@example.org", in: ics))
        #expect(meeting.contains("DTSTART;TZID=Asia/Shanghai:20240814T143000"))
        #expect(meeting.contains("DTEND;TZID=Asia/Shanghai:20240814T160000"))
        // TEXT values escape `,` and `;` (RFC 5545 §3.3.11).
        #expect(meeting.contains("LOCATION:合肥市包河区\\, 安徽省总工会大楼三楼\\; 第一会议室"))
    }

    @Test func longLinesFoldBetweenUTF8Characters() throws {
        let copy = try SiteCopy(of: Fixtures.contestContent)
        try noticeWithEvents(copy)
        let data = try #require(try calendar(copy.path).data(using: .utf8))
        var folded = 0
        for line in data.split(separator: UInt8(ascii: "\n")) {
            #expect(String(data: Data(line), encoding: .utf8) != nil, "a line break inside a character")
            if line.first == UInt8(ascii: " ") { folded += 1 }
        }
        #expect(folded > 0, "the long Chinese titles should have been folded")
    }

    @Test func draftAndEmbargoedNoticesKeepTheirEventsOut() throws {
        let copy = try SiteCopy(of: Fixtures.contestContent)
        try noticeWithEvents(copy, frontMatter: "publish_at: 2024-08-11T09:00:00+08:00\n")
        let embargoed = try calendar(copy.path, now: "2024-08-10T12:00:00+08:00")
        #expect(!embargoed.contains("notice-training"))
        #expect(!embargoed.contains("复赛说明会"))

        let preview = try calendar(copy.path, now: "2024-08-10T12:00:00+08:00", drafts: true)
        #expect(event("notice-training-2.singers@example.org", in: preview)?.contains("SUMMARY:【预览】复赛说明会") == true)

        let published = try calendar(copy.path, now: "2024-08-11T09:00:00+08:00")
        #expect(event("notice-training-2.singers@example.org", in: published)?.contains("SUMMARY:复赛说明会") == true)
    }

    @Test func aZoneWithDaylightSavingTimeIsWrittenInUTC() throws {
        let copy = try SiteCopy(of: Fixtures.contestContent)
        try copy.replace(in: "site.yml", "base_url: https://example.org/singers/",
                         with: "base_url: https://example.org/\ntimezone: Europe/Berlin")
        let ics = try calendar(copy.path)
        #expect(!ics.contains("VTIMEZONE") && !ics.contains("TZID="))
        let deadline = try #require(event("submission-deadline@example.org", in: ics))
        #expect(deadline.contains("DTSTART:20240731T155900Z"))
    }

    // MARK: - `events:` in front matter

    private func check(_ events: String) throws -> [Diagnostic] {
        let copy = try SiteCopy(of: Fixtures.contestContent)
        try copy.write("notices/meeting.md", "---\ntitle: 会议通知\ndate: 2024-08-01\nevents:\n\(events)---\n正文\n")
        return copy.check().sorted.filter { $0.location.file.hasSuffix("notices/meeting.md") }
    }

    @Test func aBadEventDateIsAnErrorAtItsLine() throws {
        let found = try check("  - {title: 说明会, start: 2024-08-32}\n")
        let error = try #require(found.first { $0.severity == .error })
        #expect(error.message == "`start` 的日期“2024-08-32”无法识别")
        #expect(error.location.line == 5)
    }

    @Test func anEndBeforeItsStartIsAnErrorAtTheEnd() throws {
        let found = try check("  - title: 说明会\n    start: 2024-08-14T14:30\n    end: 2024-08-14T09:00\n")
        let error = try #require(found.first { $0.severity == .error })
        #expect(error.message == "活动“说明会”的结束时间早于开始时间")
        #expect(error.location.line == 7)
        #expect(error.hint != nil)
        // A plain end date lasts its whole day, so a same-day timed start is fine.
        #expect(try check("  - {title: 说明会, start: 2024-08-14T14:30, end: 2024-08-14}\n").isEmpty)
    }

    @Test func aMissingStartAndAnUnknownKeyAreReported() throws {
        let found = try check("  - {title: 说明会, locaton: 合肥}\n")
        #expect(found.contains { $0.severity == .error && $0.message == "活动缺少必填字段 `start`" })
        let warning = try #require(found.first { $0.severity == .warning })
        #expect(warning.message == "活动中有未知字段 `locaton`，它会被忽略")
        #expect(warning.hint == "是不是想写 `location`？")
    }

    @Test func aTimedEventNeedsATime() throws {
        let found = try check("  - {title: 说明会, start: 2024-08-14, all_day: false}\n")
        let error = try #require(found.first { $0.severity == .error })
        #expect(error.message == "活动“说明会”不是全天活动，却没有写开始时间")
    }
}
