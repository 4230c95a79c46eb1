import Foundation

/// `calendar.ics` (RFC 5545), for a phone's calendar app to subscribe to: the contest's stages, the
/// submission deadline, the publication of each results notice, and the events notices announce
/// (`events:`), each linking back to its page.
///
/// It holds only what the site shows: `ResolvedSite` has public notices and results alone, so an
/// embargoed results file or a draft notice cannot appear here; a `--drafts` preview marks its items
/// 【预览】 as the feed does. Two builds of the same content give the same bytes: every UID comes from
/// the item's identity and DTSTAMP from the content's newest date, never from the clock.
struct CalendarFeed {
    let resolved: ResolvedSite

    func ics() -> Data {
        let site = resolved.site
        let events = contestEvents + noticeEvents
        let earliest = events.map { instant($0.start) }.min()
        let stamp = newestContentDate ?? earliest ?? Date(timeIntervalSince1970: 0)

        guard let writer = ICalendarWriter(productID: "-//Herald//Herald campaign calendar//ZH") else { return Data() }
        writer.name(site.title)
        // One STANDARD observance describes the zone exactly only when it keeps one offset over the whole
        // calendar (Asia/Shanghai has had no daylight saving time since 1991); otherwise times go in UTC.
        let reference = earliest ?? stamp
        if site.timeZone.nextDaylightSavingTimeTransition(after: reference) == nil {
            writer.extensionProperty("X-WR-TIMEZONE", site.timeZone.identifier)
            writer.fixedOffsetTimeZone(site.timeZone, at: reference)
        }
        for event in events { writer.add(event, stamp: stamp) }
        return writer.finish()
    }

    // MARK: - Contest

    private var contestEvents: [CalendarEvent] {
        guard let contest = resolved.contest else { return [] }
        let rules = contest.rules
        let contestURL = site.absoluteURL(SiteRoutes.contest.value)
        var events: [CalendarEvent] = []
        var usedKeys: Set<String> = []
        for (index, stage) in rules.stages.enumerated() {
            // A stage given only one end is shown on that day: its start, or the day it closes.
            let summary: String
            let span: (CalendarTime, CalendarTime?)
            switch (stage.from, stage.until) {
            case let (from?, until?):
                span = self.span(from: from, to: until, allDay: !from.hasTime && !until.hasTime)
                summary = stage.title
            case let (from?, nil):
                span = self.span(from: from, to: nil, allDay: !from.hasTime)
                summary = stage.title + "开始"
            case let (nil, until?):
                span = until.hasTime ? (.instant(instant(until)), nil) : self.span(from: until, to: nil, allDay: true)
                summary = stage.title + "截止"
            case (nil, nil):
                continue
            }
            var key = Slug.fromFileName(stage.key)
            if !usedKeys.insert(key).inserted { key += "-\(index + 1)" }
            events.append(CalendarEvent(
                uid: uid("stage-\(key)"), summary: "\(rules.name)：\(summary)", start: span.0, end: span.1,
                description: "详见：\(contestURL)", url: contestURL, transparent: true))
        }
        if let deadline = rules.submission.deadline {
            let at = deadline.instant(in: site.timeZone, endOfDay: true)
            events.append(CalendarEvent(
                uid: uid("submission-deadline"), summary: "\(rules.name)：作品提交截止", start: .instant(at), end: nil,
                description: "详见：\(contestURL)", url: contestURL, transparent: true))
        }
        for results in contest.results {
            let url = site.absoluteURL(results.path.value)
            events.append(CalendarEvent(
                uid: uid("results-\(results.round.rawValue)"),
                summary: (results.visibility == .preview ? "【预览】" : "") + results.title,
                start: .instant(results.publishedAt), end: nil,
                description: "详见：\(url)", url: url, transparent: true))
        }
        return events
    }

    // MARK: - Notices

    private var noticeEvents: [CalendarEvent] {
        resolved.notices.sorted { $0.path < $1.path }.flatMap { notice in
            let url = site.absoluteURL(notice.path.value)
            return notice.notice.events.enumerated().map { index, event in
                let span = self.span(from: event.start, to: event.end, allDay: event.allDay)
                return CalendarEvent(
                    uid: uid("notice-\(notice.notice.page.slug)-\(index + 1)"),
                    summary: (notice.visibility == .preview ? "【预览】" : "") + event.title,
                    start: span.0, end: span.1, location: event.location,
                    description: "详见通知《\(notice.notice.title)》：\(url)", url: url)
            }
        }
    }

    // MARK: - Times

    private var site: SiteConfig { resolved.site }

    /// Whole days run to the day after the last (DTEND is exclusive); a timed span's plain `end` lasts to
    /// the end of its day.
    private func span(from start: CampaignDate, to end: CampaignDate?, allDay: Bool) -> (CalendarTime, CalendarTime?) {
        if allDay { return (.day(start), .day(Self.dayAfter(end ?? start))) }
        guard let end else { return (.instant(instant(start)), nil) }
        return (.instant(instant(start)), .instant(instant(end.hasTime ? end : Self.dayAfter(end))))
    }

    private func instant(_ date: CampaignDate) -> Date {
        date.instant(in: site.timeZone)
    }

    private func instant(_ time: CalendarTime) -> Date {
        switch time {
        case .instant(let date): return date
        case .day(let year, let month, let day): return instant(CampaignDate(year: year, month: month, day: day))
        }
    }

    /// The next calendar day, as a plain date.
    private static func dayAfter(_ date: CampaignDate) -> CampaignDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? .current
        let next = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))
            .flatMap { calendar.date(byAdding: .day, value: 1, to: $0) }
            .map { calendar.dateComponents([.year, .month, .day], from: $0) }
        guard let year = next?.year, let month = next?.month, let day = next?.day else { return date }
        return CampaignDate(year: year, month: month, day: day)
    }

    /// The newest date the public content carries: DTSTAMP for every event.
    private var newestContentDate: Date? {
        let notices = resolved.notices.map(\.feedDate)
        let results = (resolved.contest?.results ?? []).map(\.publishedAt)
        return (notices + results).max()
    }

    /// `stage-rematch@example.org`; under a sub-path the path is part of it
    /// (`stage-rematch.campaign.2024@example.org`), so two campaigns on one host never share a UID.
    private func uid(_ item: String) -> String {
        let segments = site.basePath.split(separator: "/").map(String.init)
        let host = site.baseURL.host ?? "localhost"
        return ([item] + segments).joined(separator: ".") + "@" + host
    }
}

private extension CalendarTime {
    static func day(_ date: CampaignDate) -> CalendarTime {
        .day(year: date.year, month: date.month, day: date.day)
    }
}
