import Foundation

/// A date or date-time as an editor writes it in YAML, read from its text (never via Yams' timestamp
/// decoding, which takes an offset-less time as UTC). Without an offset it is in the site's time zone.
public struct CampaignDate: Sendable, Hashable {
    public var year: Int
    public var month: Int
    public var day: Int
    /// False for a plain date (`2024-05-08`).
    public private(set) var hasTime: Bool
    public private(set) var hour = 0
    public private(set) var minute = 0
    public private(set) var second = 0
    /// Seconds east of UTC, when the text carries an offset (`+08:00`, `Z`).
    public private(set) var utcOffset: Int?

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hasTime = false
    }

    /// A date as a parsed-file cache stored it, field by field.
    init(year: Int, month: Int, day: Int, hasTime: Bool, hour: Int, minute: Int, second: Int, utcOffset: Int?) {
        self.init(year: year, month: month, day: day)
        self.hasTime = hasTime
        self.hour = hour
        self.minute = minute
        self.second = second
        self.utcOffset = utcOffset
    }

    /// Accepts `2024-05-08`, `2024-05-08T09:00`, `2024-05-08 09:00:00`, with `Z` or `±HH:MM` after the
    /// time, the Chinese form `2024年5月8日` (optionally followed by `09:00`), and the slashes of a
    /// Chinese-locale spreadsheet export (`2024/7/30 20:15`).
    public init?(parsing raw: String) {
        let text = raw.trimmed(.whitespaces)
        var scanner = DateScanner(text)
        guard let year = scanner.number(digits: 4...4) else { return nil }
        let chinese = scanner.skip("年")
        let separator: Character = chinese ? "月" : scanner.skip("-") ? "-" : "/"
        if !chinese, separator == "/", !scanner.skip("/") { return nil }
        guard let month = scanner.number(digits: 1...2) else { return nil }
        if !scanner.skip(separator) { return nil }
        guard let day = scanner.number(digits: 1...2) else { return nil }
        if chinese { _ = scanner.skip("日") }
        self.init(year: year, month: month, day: day)

        if !scanner.atEnd {
            guard scanner.skip("T") || scanner.skip("t") || scanner.skipSpaces() else { return nil }
            guard let hour = scanner.number(digits: 1...2), scanner.skip(":"),
                  let minute = scanner.number(digits: 2...2) else { return nil }
            var second = 0
            if scanner.skip(":") {
                guard let value = scanner.number(digits: 2...2) else { return nil }
                second = value
                if scanner.skip(".") { _ = scanner.number(digits: 1...9) }
            }
            guard hour < 24, minute < 60, second < 60 else { return nil }
            self.hour = hour
            self.minute = minute
            self.second = second
            self.hasTime = true
            _ = scanner.skipSpaces()
            if scanner.skip("Z") || scanner.skip("z") {
                utcOffset = 0
            } else if let sign = scanner.sign() {
                guard let offsetHours = scanner.number(digits: 2...2) else { return nil }
                _ = scanner.skip(":")
                let offsetMinutes = scanner.number(digits: 2...2) ?? 0
                guard offsetHours <= 14, offsetMinutes < 60 else { return nil }
                utcOffset = sign * (offsetHours * 3600 + offsetMinutes * 60)
            }
        }
        guard scanner.atEnd, isValidDay else { return nil }
    }

    private var isValidDay: Bool {
        guard (1...12).contains(month), day >= 1, (1900...9999).contains(year) else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// The calendar day as a sortable number (20240731), for comparing days without a time zone.
    public var dayNumber: Int { year * 10_000 + month * 100 + day }

    /// The instant this names. A plain date means its first second, or with `endOfDay` its last
    /// (23:59:59), as SPEC has it for deadlines and a stage's `until`.
    public func instant(in timeZone: TimeZone, endOfDay: Bool = false) -> Date {
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        if hasTime {
            components.hour = hour
            components.minute = minute
            components.second = second
        } else if endOfDay {
            components.hour = 23
            components.minute = 59
            components.second = 59
        } else {
            components.hour = 0
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utcOffset.flatMap { TimeZone(secondsFromGMT: $0) } ?? timeZone
        return calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
    }
}

/// A tiny cursor over the characters of a date; enough for the fixed forms above.
private struct DateScanner {
    private let characters: [Character]
    private var index = 0

    init(_ text: String) { characters = Array(text) }

    var atEnd: Bool { index == characters.count }

    mutating func skip(_ character: Character) -> Bool {
        guard index < characters.count, characters[index] == character else { return false }
        index += 1
        return true
    }

    mutating func skipSpaces() -> Bool {
        let start = index
        while index < characters.count, characters[index] == " " { index += 1 }
        return index > start
    }

    mutating func sign() -> Int? {
        if skip("+") { return 1 }
        if skip("-") || skip("−") { return -1 }
        return nil
    }

    mutating func number(digits: ClosedRange<Int>) -> Int? {
        var value = 0
        var count = 0
        while index < characters.count, count < digits.upperBound,
              let digit = characters[index].wholeNumberValue, characters[index].isASCII {
            value = value * 10 + digit
            count += 1
            index += 1
        }
        return digits.contains(count) ? value : nil
    }
}
