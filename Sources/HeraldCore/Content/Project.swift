import Foundation

/// One of the campaign's sub-projects (子项目), read from `projects/*.md`.
public struct Project: Sendable {
    public var page: PageSource
    /// 1–99: the order in the attachment's list.
    public var number: Int
    public var numberLocation: SourceLocation
    public var title: String
    /// 承办单位.
    public var host: String?
    public var contacts: [Contact]
    public var summary: String?

    static let fields = ["number", "title", "host", "contacts", "slug", "summary", "layout", "draft"]

    static func load(_ relativePath: String, in content: ContentDirectory, diagnostics: inout Diagnostics) -> Project? {
        MarkdownFileReader.read(relativePath, in: content, subject: "子项目前言", diagnostics: &diagnostics) { reader, page, diagnostics in
            reader.warnAboutUnknownKeys(fields, diagnostics: &diagnostics)
            let number = reader.integer("number", in: 1...99, required: true, diagnostics: &diagnostics)
            let title = reader.string("title", required: true, hint: "加上一行 `title: 子项目名称`", diagnostics: &diagnostics)
            // Every field is read before giving up, so one run reports all of this file's mistakes.
            let host = reader.string("host", diagnostics: &diagnostics)
            let contacts = reader.mappingList("contacts", itemSubject: "联系人", diagnostics: &diagnostics, Contact.read)
            let summary = reader.string("summary", diagnostics: &diagnostics)
            guard let number, let title else { return nil }
            return Project(page: page, number: number, numberLocation: reader.location(of: "number"), title: title,
                           host: host, contacts: contacts, summary: summary)
        }
    }
}
