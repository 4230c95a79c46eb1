import Foundation

/// An official notice (通知), read from `notices/*.md`.
public struct Notice: Sendable {
    public var page: PageSource
    public var title: String
    /// Date of issue, shown in the signature block.
    public var date: CampaignDate
    /// 文号, e.g. 皖工发〔2024〕11号.
    public var docNumber: String?
    /// 发文机关: shown at the top and in the signature.
    public var issuers: [String]
    /// 主送.
    public var addressees: String?
    /// Embargo: the notice is absent from the site before this; defaults to `date`.
    public var publishAt: CampaignDate?
    /// A correction: shown, and refreshes the feed item.
    public var updated: CampaignDate?
    public var updatedLocation: SourceLocation?
    public var attachments: [Attachment]
    public var contacts: [Contact]
    /// Optional one-line summary for lists and the feed; otherwise taken from the body.
    public var summary: String?
    /// Dated events the notice announces, for `calendar.ics`.
    public var events: [NoticeEvent]
    /// Slugs of the sub-projects the notice belongs to (`projects: [songs, ai-cases]`), each with its position.
    public var projects: [(slug: String, location: SourceLocation)] = []

    static let fields = ["title", "date", "doc_number", "issuers", "addressees", "publish_at", "updated", "slug",
                         "draft", "attachments", "contacts", "layout", "summary", "events", "projects"]

    static func load(_ relativePath: String, in content: ContentDirectory, diagnostics: inout Diagnostics) -> Notice? {
        MarkdownFileReader.read(relativePath, in: content, subject: "通知前言", diagnostics: &diagnostics) { reader, page, diagnostics in
            reader.warnAboutUnknownKeys(fields, diagnostics: &diagnostics)
            let title = reader.string("title", required: true, hint: "加上一行 `title: 通知标题`", diagnostics: &diagnostics)
            let date = reader.date("date", required: true, diagnostics: &diagnostics)?.0
            let updated = reader.date("updated", diagnostics: &diagnostics)
            let notice = Notice(
                page: page,
                title: title ?? "",
                date: date ?? CampaignDate(year: 1970, month: 1, day: 1),
                docNumber: reader.string("doc_number", diagnostics: &diagnostics),
                issuers: reader.stringList("issuers", diagnostics: &diagnostics),
                addressees: reader.string("addressees", diagnostics: &diagnostics),
                publishAt: reader.date("publish_at", diagnostics: &diagnostics)?.0,
                updated: updated?.0,
                updatedLocation: updated?.1,
                attachments: reader.mappingList("attachments", itemSubject: "附件", diagnostics: &diagnostics, Attachment.read),
                contacts: reader.mappingList("contacts", itemSubject: "联系人", diagnostics: &diagnostics, Contact.read),
                summary: reader.string("summary", diagnostics: &diagnostics),
                events: reader.mappingList("events", itemSubject: "活动", diagnostics: &diagnostics, NoticeEvent.read),
                projects: reader.stringListWithLocations("projects", diagnostics: &diagnostics)
            )
            return title == nil || date == nil ? nil : notice
        }
    }
}
