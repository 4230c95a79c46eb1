import Foundation

/// How dates and ordinal numbers are written on an official Chinese notice.
enum ChineseFormat {
    /// `2024年5月8日`, in the site's time zone.
    static func date(_ date: Date, in timeZone: TimeZone) -> String {
        let parts = components(date, timeZone)
        return "\(parts.year!)年\(parts.month!)月\(parts.day!)日"
    }

    /// `2024-05-08`, for `<time datetime>`.
    static func isoDay(_ date: Date, in timeZone: TimeZone) -> String {
        let parts = components(date, timeZone)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// `2024-05-08T09:00:00+08:00`, for sitemaps.
    static func iso8601(_ date: Date, in timeZone: TimeZone) -> String {
        let parts = components(date, timeZone)
        let offset = timeZone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d%@%02d:%02d", parts.year!, parts.month!, parts.day!,
                      parts.hour!, parts.minute!, parts.second!, sign, abs(offset) / 3600, abs(offset) % 3600 / 60)
    }

    /// RFC 822 as RSS wants it, in the site's offset: `Wed, 08 May 2024 09:00:00 +0800`.
    static func rfc822(_ date: Date, in timeZone: TimeZone) -> String {
        let parts = components(date, timeZone)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let offset = timeZone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        return String(format: "%@, %02d %@ %04d %02d:%02d:%02d %@%02d%02d", weekdays[parts.weekday! - 1], parts.day!,
                      months[parts.month! - 1], parts.year!, parts.hour!, parts.minute!, parts.second!, sign,
                      abs(offset) / 3600, abs(offset) % 3600 / 60)
    }

    /// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九.
    static func numeral(_ number: Int) -> String {
        let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard (1...99).contains(number) else { return String(number) }
        if number < 10 { return digits[number] }
        let tens = number / 10, ones = number % 10
        return (tens == 1 ? "" : digits[tens]) + "十" + (ones == 0 ? "" : digits[ones])
    }

    private static func components(_ date: Date, _ timeZone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
    }
}
