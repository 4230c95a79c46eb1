/// A person to call about a notice or project: 联系人.
public struct Contact: Sendable, Hashable {
    public var name: String
    public var phone: String?
    public var org: String?

    static let fields = ["name", "phone", "org"]

    static func read(_ reader: MappingReader, _ diagnostics: inout Diagnostics) -> Contact? {
        reader.warnAboutUnknownKeys(fields, diagnostics: &diagnostics)
        let name = reader.string("name", required: true, diagnostics: &diagnostics)
        let phone = reader.string("phone", diagnostics: &diagnostics)
        let org = reader.string("org", diagnostics: &diagnostics)
        guard let name else { return nil }
        return Contact(name: name, phone: phone, org: org)
    }
}

/// A link listed under a notice: 附件.
public struct Attachment: Sendable, Hashable {
    public var title: String
    /// As the editor wrote it: relative to the notice's folder, or an absolute URL.
    public var href: String
    public var location: SourceLocation

    static let fields = ["title", "href"]

    static func read(_ reader: MappingReader, _ diagnostics: inout Diagnostics) -> Attachment? {
        reader.warnAboutUnknownKeys(fields, diagnostics: &diagnostics)
        let title = reader.string("title", required: true, diagnostics: &diagnostics)
        let href = reader.string("href", required: true, hint: "写上附件的相对路径，如 `../media/附件.pdf`", diagnostics: &diagnostics)
        guard let title, let href else { return nil }
        return Attachment(title: title, href: href, location: reader.location(of: "href"))
    }
}
