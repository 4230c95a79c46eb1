import Foundation

/// Each notice as the last build read it (nil when it did not load), with its messages.
typealias NoticeFileCache = ParsedFileCache<Notice?>

extension ParsedFileCache where Value == Notice? {
    static var version: Int { 1 }

    convenience init(cacheDirectory: String, content: ContentDirectory, settling: TimeInterval = 2) {
        self.init(kind: "notices", version: Self.version, cacheDirectory: cacheDirectory, contentRoot: content.root,
                  settings: "markdown \(content.limits.markdownBytes) yaml \(content.limits.yamlBytes)",
                  codec: Codec(encode: Self.encode, decode: Self.decode), settling: settling)
    }

    static func encode(_ notice: Notice?, _ diagnostics: Diagnostics, displayPath: String) -> [UInt8] {
        var writer = BinaryWriter()
        writer.append(notice != nil)
        if let notice {
            let page = notice.page
            writer.append(page.relativePath)
            writer.append(page.file)
            writer.append(page.body)
            writer.append(page.bodyFirstLine)
            writer.append(page.slug)
            writer.append(page.slugLocation, in: displayPath)
            writer.append(page.layout)
            writer.append(page.layoutLocation, in: displayPath)
            writer.append(page.draft)
            writer.append(notice.title)
            writer.append(notice.date)
            writer.append(notice.docNumber)
            writer.append(notice.issuers)
            writer.append(notice.addressees)
            writer.append(notice.publishAt)
            writer.append(notice.updated)
            writer.append(notice.updatedLocation != nil)
            if let location = notice.updatedLocation { writer.append(location, in: displayPath) }
            writer.append(notice.attachments.count)
            for attachment in notice.attachments {
                writer.append(attachment.title)
                writer.append(attachment.href)
                writer.append(attachment.location, in: displayPath)
            }
            writer.append(notice.contacts.count)
            for contact in notice.contacts {
                writer.append(contact.name)
                writer.append(contact.phone)
                writer.append(contact.org)
            }
            writer.append(notice.summary)
            writer.append(notice.events.count)
            for event in notice.events {
                writer.append(event.title)
                writer.append(event.start)
                writer.append(event.end)
                writer.append(event.location)
                writer.append(event.allDay)
                writer.append(event.sourceLocation, in: displayPath)
            }
            writer.append(notice.projects.count)
            for project in notice.projects {
                writer.append(project.slug)
                writer.append(project.location, in: displayPath)
            }
        }
        writer.append(diagnostics, in: displayPath)
        return writer.bytes
    }

    static func decode(_ payload: ArraySlice<UInt8>, displayPath: String) -> (Notice?, Diagnostics)? {
        var reader = BinaryReader(Array(payload))
        guard let loaded = reader.bool() else { return nil }
        var notice: Notice?
        if loaded {
            guard let relativePath = reader.string(), let file = reader.string(), let body = reader.string(),
                  let bodyFirstLine = reader.integer(), let slug = reader.string(),
                  let slugLocation = reader.location(in: displayPath), let layout = reader.optionalString(),
                  let layoutLocation = reader.location(in: displayPath), let draft = reader.bool(),
                  let title = reader.string(), let date = reader.date(), let date, let docNumber = reader.optionalString(),
                  let issuers = reader.strings(), let addressees = reader.optionalString(),
                  let publishAt = reader.date(), let updated = reader.date(), let hasUpdatedLocation = reader.bool()
            else { return nil }
            var updatedLocation: SourceLocation?
            if hasUpdatedLocation {
                guard let location = reader.location(in: displayPath) else { return nil }
                updatedLocation = location
            }
            guard let attachmentCount = reader.integer(), attachmentCount >= 0 else { return nil }
            var attachments: [Attachment] = []
            for _ in 0..<attachmentCount {
                guard let title = reader.string(), let href = reader.string(), let location = reader.location(in: displayPath)
                else { return nil }
                attachments.append(Attachment(title: title, href: href, location: location))
            }
            guard let contactCount = reader.integer(), contactCount >= 0 else { return nil }
            var contacts: [Contact] = []
            for _ in 0..<contactCount {
                guard let name = reader.string(), let phone = reader.optionalString(), let org = reader.optionalString()
                else { return nil }
                contacts.append(Contact(name: name, phone: phone, org: org))
            }
            guard let summary = reader.optionalString(), let eventCount = reader.integer(), eventCount >= 0 else { return nil }
            var events: [NoticeEvent] = []
            for _ in 0..<eventCount {
                guard let title = reader.string(), let start = reader.date(), let start, let end = reader.date(),
                      let location = reader.optionalString(), let allDay = reader.bool(),
                      let sourceLocation = reader.location(in: displayPath) else { return nil }
                events.append(NoticeEvent(title: title, start: start, end: end, location: location, allDay: allDay,
                                          sourceLocation: sourceLocation))
            }
            guard let projectCount = reader.integer(), projectCount >= 0 else { return nil }
            var projects: [(slug: String, location: SourceLocation)] = []
            for _ in 0..<projectCount {
                guard let slug = reader.string(), let location = reader.location(in: displayPath) else { return nil }
                projects.append((slug, location))
            }
            let page = PageSource(relativePath: relativePath, file: file, body: body, bodyFirstLine: bodyFirstLine, slug: slug,
                                  slugLocation: slugLocation, layout: layout, layoutLocation: layoutLocation, draft: draft)
            notice = Notice(page: page, title: title, date: date, docNumber: docNumber, issuers: issuers, addressees: addressees,
                            publishAt: publishAt, updated: updated, updatedLocation: updatedLocation, attachments: attachments,
                            contacts: contacts, summary: summary, events: events, projects: projects)
        }
        guard let diagnostics = reader.diagnostics(in: displayPath) else { return nil }
        return reader.isAtEnd ? (notice, diagnostics) : nil
    }
}
