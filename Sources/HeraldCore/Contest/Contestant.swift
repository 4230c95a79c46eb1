import Foundation

/// One singer as a unit submitted them, from `contest/contestants/UNIT.yml`.
///
/// Only fields the public pages may show are read into this type. `phone`, `id_number` and any field
/// Herald does not know are never read out of the YAML, so no later stage can publish them.
public struct Contestant: Sendable, Equatable {
    public var id: String
    public var unit: String
    public var name: String
    /// 作者单位.
    public var employer: String?
    public var occupation: String?
    public var song: String
    /// A path under `content/` or an https URL.
    public var video: String
    public var cover: String
    public var performers: Int
    public var submittedAt: CampaignDate?
    /// 书面声明: the video is not published after the contest ends.
    public var copyrightReserved: Bool
    /// Markdown.
    public var bio: String?

    /// Where the entry starts, and where its checked fields are, for messages.
    public var location: SourceLocation
    public var fieldLocations: [String: SourceLocation]

    public func location(of field: String) -> SourceLocation { fieldLocations[field] ?? location }

    /// Public fields, private fields and the one that names the entry.
    static let publicFields = ["id", "name", "employer", "occupation", "song", "video", "cover", "performers",
                               "submitted_at", "copyright_reserved", "bio"]
    /// Known to be private: read by nobody, never warned about.
    static let privateFields = ["phone", "id_number"]

    /// How a person is recognised when sent twice: name and employer, ignoring spaces and letter width.
    var personKey: String {
        func fold(_ text: String?) -> String {
            let text = text ?? ""
            // ICU's transform costs more than the rest of the submission checks; most names and employers
            // are CJK ideographs and ASCII, which it leaves as they are.
            let folded = text.unicodeScalars.allSatisfy(Self.keepsWidth)
                ? text : text.applyingTransform(.fullwidthToHalfwidth, reverse: false) ?? text
            return folded.filter { !$0.isWhitespace }.lowercased()
        }
        return fold(name) + "|" + fold(employer)
    }

    /// Scalars that ICU's fullwidth-to-halfwidth transform never changes (below the Hangul jamo, and the
    /// CJK ideograph blocks): a model test checks every one of them against the transform.
    static func keepsWidth(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x1100 || (0x3400...0x9FFF).contains(scalar.value)
    }
}

/// `contest/results/rematch.yml` or `final.yml`, as far as checking ids needs; scoring reads the rest.
public struct ResultsFile: Sendable {
    public struct Entry: Sendable {
        public var id: String
        public var location: SourceLocation
        public var votes: Decimal?
        public var judges: [Decimal]
        public var quiz: Decimal?
        public var talent: Decimal?
    }

    public var file: String
    public var round: String
    public var publishedAt: CampaignDate?
    public var entries: [Entry]
    public var organizationAwards: [(unit: String, location: SourceLocation)]
    /// `results/ROUND.md`: the notice text published above the results.
    public var preface: ResultsPreface?
}

/// The optional Markdown preface of a results notice, with the notice's own heading fields.
public struct ResultsPreface: Sendable {
    public var page: PageSource
    public var title: String?
    public var docNumber: String?
    public var issuers: [String]
    public var date: CampaignDate?

    static let fields = ["title", "doc_number", "issuers", "date"]

    static func load(_ relativePath: String, in content: ContentDirectory, diagnostics: inout Diagnostics) -> ResultsPreface? {
        MarkdownFileReader.read(relativePath, in: content, subject: "成绩公告前言", requiresFrontMatter: false,
                                diagnostics: &diagnostics) { reader, page, diagnostics in
            reader?.warnAboutUnknownKeys(fields, diagnostics: &diagnostics)
            return ResultsPreface(
                page: page,
                title: reader?.string("title", diagnostics: &diagnostics),
                docNumber: reader?.string("doc_number", diagnostics: &diagnostics),
                issuers: reader?.stringList("issuers", diagnostics: &diagnostics) ?? [],
                date: reader?.date("date", diagnostics: &diagnostics)?.0)
        }
    }
}

/// Everything under `content/contest/`.
public struct Contest: Sendable {
    public var rules: ContestRules
    public let units: [ContestUnit]
    public var contestants: [Contestant]
    public var results: [ResultsFile]
    /// Every contestant names a unit: looked up by id, not by scanning thousands of units each time.
    private let unitsByID: [String: ContestUnit]

    public init(rules: ContestRules, units: [ContestUnit], contestants: [Contestant], results: [ResultsFile]) {
        self.rules = rules
        self.units = units
        self.contestants = contestants
        self.results = results
        unitsByID = Dictionary(units.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func unit(_ id: String) -> ContestUnit? { unitsByID[id] }
}
