import Foundation

/// A dated event a notice announces (a meeting, a training day, an exhibition), from the notice's
/// front matter `events:`. It goes into `calendar.ics` with a link back to the notice.
public struct NoticeEvent: Sendable, Hashable {
    public var title: String
    public var start: CampaignDate
    /// Inclusive: a plain date means the whole of that day.
    public var end: CampaignDate?
    public var location: String?
    /// Whole days rather than times; by default, when neither `start` nor `end` carries a time.
    public var allDay: Bool
    /// Where the event's mapping starts, for messages.
    public var sourceLocation: SourceLocation

    static let fields = ["title", "start", "end", "location", "all_day"]

    static func read(_ reader: MappingReader, _ diagnostics: inout Diagnostics) -> NoticeEvent? {
        reader.warnAboutUnknownKeys(fields, diagnostics: &diagnostics)
        let title = reader.string("title", required: true, hint: "加上 `title: 活动名称`", diagnostics: &diagnostics)
        let start = reader.date("start", required: true, diagnostics: &diagnostics)
        let end = reader.date("end", diagnostics: &diagnostics)
        let location = reader.string("location", diagnostics: &diagnostics)
        let hasTime = start?.0.hasTime == true || end?.0.hasTime == true
        let allDay = reader.bool("all_day", default: !hasTime, diagnostics: &diagnostics)
        guard let title, let (start, _) = start else { return nil }

        if !allDay, !start.hasTime {
            diagnostics.error(at: reader.location(of: "all_day"), "活动“\(title)”不是全天活动，却没有写开始时间",
                              hint: "把 `start` 写成 `\(start.year)-\(Self.twoDigits(start.month))-\(Self.twoDigits(start.day))T09:00`，或删去 `all_day: false`")
            return nil
        }
        if let (end, endLocation) = end, Self.ends(end, before: start, allDay: allDay) {
            diagnostics.error(at: endLocation, "活动“\(title)”的结束时间早于开始时间", hint: "检查 `start` 和 `end`")
            return nil
        }
        return NoticeEvent(title: title, start: start, end: end?.0, location: location, allDay: allDay,
                           sourceLocation: reader.location)
    }

    /// Whole days compare by day; otherwise a plain `end` lasts to the end of its day. The site's time
    /// zone is not known while a notice is read: two times without an offset compare the same in any
    /// zone, and a time with one against a time without is compared as Beijing time, the campaign's.
    private static func ends(_ end: CampaignDate, before start: CampaignDate, allDay: Bool) -> Bool {
        if allDay { return end.dayNumber < start.dayNumber }
        let zone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .current
        return end.instant(in: zone, endOfDay: true) < start.instant(in: zone)
    }

    private static func twoDigits(_ number: Int) -> String {
        number < 10 ? "0\(number)" : "\(number)"
    }
}
