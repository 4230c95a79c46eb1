import CLibical
import Foundation

/// When an event starts or ends.
enum CalendarTime: Sendable, Equatable {
    /// A whole day, written `VALUE=DATE`.
    case day(year: Int, month: Int, day: Int)
    case instant(Date)
}

/// One VEVENT, as `CalendarFeed` assembles it.
struct CalendarEvent: Sendable {
    /// Stable across builds, so a subscribed calendar updates the event instead of adding a copy.
    var uid: String
    var summary: String
    var start: CalendarTime
    /// Exclusive, as RFC 5545 has it: a day-long event ends at the next day.
    var end: CalendarTime?
    var location: String?
    var description: String?
    var url: String?
    /// Shown as free time: a stage or a deadline marks a date, it does not fill anyone's day.
    var transparent = false
}

/// libical's component tree, built in memory and serialized by the library, which also escapes TEXT
/// values (`\` `;` `,` newline), ends lines with CRLF and folds them at 75 octets without splitting a
/// UTF-8 character.
final class ICalendarWriter {
    private let calendar: OpaquePointer
    /// Instants are written as wall-clock time in this zone with its TZID; in UTC when nil.
    private var zone: (id: String, timeZone: TimeZone)?

    init?(productID: String) {
        guard let calendar = icalcomponent_new(ICAL_VCALENDAR_COMPONENT) else { return nil }
        self.calendar = calendar
        icalcomponent_add_property(calendar, icalproperty_new_prodid(productID))
        icalcomponent_add_property(calendar, icalproperty_new_version("2.0"))
        icalcomponent_add_property(calendar, icalproperty_new_calscale("GREGORIAN"))
    }

    deinit {
        icalcomponent_free(calendar)
    }

    /// The calendar's name, as RFC 7986 `NAME` and as the `X-WR-CALNAME` most calendar apps read.
    func name(_ text: String) {
        icalcomponent_add_property(calendar, icalproperty_new_name(text))
        extensionProperty("X-WR-CALNAME", text)
    }

    /// A property of the calendar that RFC 5545 does not define (`X-WR-TIMEZONE`).
    func extensionProperty(_ name: String, _ text: String) {
        guard let property = icalproperty_new_x(text) else { return }
        icalproperty_set_x_name(property, name)
        icalcomponent_add_property(calendar, property)
    }

    /// A VTIMEZONE with one STANDARD observance, the zone's offset at `instant`: right only for a zone
    /// without daylight saving time in the period the calendar covers, which the caller checks. From here
    /// on instants are written as wall-clock time with the zone's TZID (`TZID=Asia/Shanghai`).
    func fixedOffsetTimeZone(_ timeZone: TimeZone, at instant: Date) {
        let id = timeZone.identifier
        guard let component = icalcomponent_new(ICAL_VTIMEZONE_COMPONENT),
              let standard = icalcomponent_new(ICAL_XSTANDARD_COMPONENT) else { return }
        let offset = Int32(timeZone.secondsFromGMT(for: instant))
        icalcomponent_add_property(component, icalproperty_new_tzid(id))
        var since = icaltime_null_time()
        since.year = 1970
        since.month = 1
        since.day = 1
        icalcomponent_add_property(standard, icalproperty_new_dtstart(since))
        icalcomponent_add_property(standard, icalproperty_new_tzoffsetfrom(offset))
        icalcomponent_add_property(standard, icalproperty_new_tzoffsetto(offset))
        if let abbreviation = timeZone.abbreviation(for: instant) {
            icalcomponent_add_property(standard, icalproperty_new_tzname(abbreviation))
        }
        icalcomponent_add_component(component, standard)
        icalcomponent_add_component(calendar, component)
        zone = (id, timeZone)
    }

    /// `stamp` is DTSTAMP: when the information was last changed, always written in UTC.
    func add(_ event: CalendarEvent, stamp: Date) {
        guard let component = icalcomponent_new(ICAL_VEVENT_COMPONENT) else { return }
        icalcomponent_add_property(component, icalproperty_new_uid(event.uid))
        icalcomponent_add_property(component, icalproperty_new_dtstamp(Self.utcTime(stamp)))
        add(icalproperty_new_dtstart(time(event.start)), to: component, zoneOf: event.start)
        if let end = event.end {
            add(icalproperty_new_dtend(time(end)), to: component, zoneOf: end)
        }
        icalcomponent_add_property(component, icalproperty_new_summary(event.summary))
        if let location = event.location, !location.isEmpty {
            icalcomponent_add_property(component, icalproperty_new_location(location))
        }
        if let description = event.description, !description.isEmpty {
            icalcomponent_add_property(component, icalproperty_new_description(description))
        }
        if let url = event.url {
            icalcomponent_add_property(component, icalproperty_new_url(url))
        }
        if event.transparent {
            icalcomponent_add_property(component, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT))
        }
        icalcomponent_add_component(calendar, component)
    }

    func finish() -> Data {
        guard let text = icalcomponent_as_ical_string_r(calendar) else { return Data() }
        defer { icalmemory_free_buffer(text) }
        return Data(String(cString: text).utf8)
    }

    // MARK: - Times

    private func add(_ property: OpaquePointer?, to component: OpaquePointer, zoneOf time: CalendarTime) {
        guard let property else { return }
        if case .instant = time, let zone {
            icalproperty_add_parameter(property, icalparameter_new_tzid(zone.id))
        }
        icalcomponent_add_property(component, property)
    }

    private func time(_ time: CalendarTime) -> icaltimetype {
        switch time {
        case .day(let year, let month, let day):
            var value = icaltime_null_date()
            value.year = Int32(year)
            value.month = Int32(month)
            value.day = Int32(day)
            return value
        case .instant(let instant):
            guard let zone else { return Self.utcTime(instant) }
            return Self.wallClock(instant, in: zone.timeZone)
        }
    }

    /// The instant as a floating wall-clock time; its TZID parameter says where.
    private static func wallClock(_ instant: Date, in timeZone: TimeZone) -> icaltimetype {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        var value = icaltime_null_time()
        value.year = Int32(parts.year ?? 1970)
        value.month = Int32(parts.month ?? 1)
        value.day = Int32(parts.day ?? 1)
        value.hour = Int32(parts.hour ?? 0)
        value.minute = Int32(parts.minute ?? 0)
        value.second = Int32(parts.second ?? 0)
        return value
    }

    private static func utcTime(_ instant: Date) -> icaltimetype {
        var value = wallClock(instant, in: TimeZone(secondsFromGMT: 0) ?? .current)
        value.zone = icaltimezone_get_utc_timezone()
        return value
    }
}
