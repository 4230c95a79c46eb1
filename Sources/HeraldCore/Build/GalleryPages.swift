import Foundation

/// The rematch gallery and one page per singer, grouped as the notice publishes them:
/// 地市 (city and county unions), 产业（行业）工会, 独立会员单位.
///
/// Order, as a person looks for a colleague: the notice's three groups in its order; within a group,
/// units in the order of `units.yml` (the province's customary order of its cities); within a unit,
/// singers in the order the unit submitted them.
///
/// Every view is made from `input` alone (and the page address): its fingerprint stands for all 30,000
/// singer pages of a large contest, so a rebuild in which it did not change renders none of them.
struct GalleryPages: Sendable {
    /// What the gallery and the singer pages show, taken from the resolved contest once: a type the
    /// compiler digests whole (`Encodable`), holding nothing the pages do not read.
    struct Input: Sendable, Encodable {
        struct Singer: Sendable, Encodable {
            let id: String
            let unit: String
            let name: String
            let employer: String?
            let occupation: String?
            let song: String
            let video: String
            let publishesVideo: Bool
            /// The bio as HTML (Markdown rendered, links mapped).
            let bio: String?
            /// The cover's thumbnails, smallest first; empty when it has none.
            let thumbnails: [CoverThumbnail]
            /// The contestants file it came from, for messages about its page.
            let source: String
        }

        struct Unit: Sendable, Encodable {
            let id: String
            let name: String
            let kind: UnitKind
        }

        /// A singer's place in a published round.
        struct Place: Sendable, Encodable {
            let id: String
            let rank: Int
            let total: String
            let advanced: Bool
            let award: String?
        }

        let name: String
        /// In the order of the contestants files, as the contest holds them.
        let singers: [Singer]
        /// In the order of `units.yml`.
        let units: [Unit]
        let rematch: [Place]
        let final: [Place]
        let popular: [String]
        let votingOpen: Bool
        /// The rematch stage's dates (`7月30日至8月20日`), when it has a stage.
        let votingDates: String?
        let voteURLTemplate: String?
        /// With --drafts, results still under embargo show as badges and scores: the pages are previews.
        let showsUnpublishedResults: Bool

        init(contest: ResolvedContest, covers: MediaPublisher.Covers) {
            name = contest.rules.name
            singers = contest.contestants.map { singer in
                Singer(id: singer.id, unit: singer.unit, name: singer.name, employer: singer.employer,
                       occupation: singer.occupation, song: singer.song, video: singer.video,
                       publishesVideo: contest.publishesVideo(of: singer), bio: contest.bios[singer.id],
                       thumbnails: SiteGraph.normalize(singer.cover, from: "").flatMap { covers[$0] } ?? [],
                       source: singer.location.file)
            }
            units = contest.units.map { Unit(id: $0.id, name: $0.name, kind: $0.kind) }
            rematch = contest.rematch.map {
                Place(id: $0.contestant.id, rank: $0.rank, total: "\($0.total.rounded())", advanced: $0.advanced, award: nil)
            }
            final = contest.final.map {
                Place(id: $0.contestant.id, rank: $0.rank, total: "\($0.total.rounded())", advanced: false, award: $0.award.title)
            }
            popular = contest.popularity.map(\.contestant.id)
            votingOpen = contest.votingOpen
            votingDates = contest.rules.stages.first { $0.key == "rematch" }.map(GalleryPages.dates)
            voteURLTemplate = contest.rules.voteURL
            showsUnpublishedResults = contest.results.contains { $0.visibility == .preview }
        }
    }

    let input: Input
    // Indexes built once, so a page per singer costs the same at 30,000 singers as at 300.
    private let singersByUnit: [String: [Input.Singer]]
    private let positionInUnit: [String: Int]
    private let unitsByID: [String: Input.Unit]
    private let rematchByID: [String: Input.Place]
    private let finalByID: [String: Input.Place]
    private let popularIDs: Set<String>
    /// The vote address's template cut at each `{id}`, to be joined with a singer's id.
    private let voteURLParts: [String]?

    init(_ input: Input) {
        self.input = input
        singersByUnit = Dictionary(grouping: input.singers, by: \.unit)
        var positions: [String: Int] = [:]
        for singers in singersByUnit.values {
            for (index, singer) in singers.enumerated() where positions[singer.id] == nil { positions[singer.id] = index }
        }
        positionInUnit = positions
        unitsByID = Dictionary(input.units.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        rematchByID = Dictionary(input.rematch.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        finalByID = Dictionary(input.final.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        popularIDs = Set(input.popular)
        voteURLParts = input.voteURLTemplate.map { $0.components(separatedBy: "{id}") }
    }

    static let groups: [(anchor: String, title: String, kinds: Set<UnitKind>)] = [
        ("dishi", "地市", [.city, .county]),
        ("chanye", "产业（行业）工会", [.industry]),
        ("huiyuan", "独立会员单位", [.member]),
    ]

    /// The name of a singer's unit, as the gallery and the page's title show it.
    func unitName(_ singer: Input.Singer) -> String { unitsByID[singer.unit]?.name ?? singer.unit }

    /// Singers by unit, units in gallery order.
    private var unitsInOrder: [(unit: Input.Unit, singers: [Input.Singer])] {
        Self.groups.flatMap { group in
            input.units.filter { group.kinds.contains($0.kind) }.compactMap { unit in
                singersByUnit[unit.id].map { (unit, $0) }
            }
        }
    }

    func galleryView(from base: SitePath) -> GalleryView {
        var position = 0
        let groups = Self.groups.compactMap { group -> GalleryGroupView? in
            let units = unitsInOrder.filter { group.kinds.contains($0.unit.kind) }.map { unit, singers in
                UnitGroupView(anchor: "unit-" + unit.id, name: unit.name, count: singers.count, singers: singers.map { singer in
                    position += 1
                    return card(singer, unit: unit, from: base, eager: position <= 4)
                })
            }
            guard !units.isEmpty else { return nil }
            return GalleryGroupView(anchor: group.anchor, title: group.title,
                                    count: units.reduce(0) { $0 + $1.count }, units: units)
        }
        return GalleryView(
            name: input.name, total: input.singers.count, groups: groups, hasGroups: !groups.isEmpty,
            votingOpen: input.votingOpen, votingDates: input.votingDates,
            contestURL: base.relativeURL(to: SiteRoutes.contest), scriptURL: base.relativeURL(to: SiteRoutes.asset("gallery.js")))
    }

    private func card(_ singer: Input.Singer, unit: Input.Unit, from base: SitePath, eager: Bool) -> SingerCardView {
        SingerCardView(id: singer.id, name: singer.name, unit: unit.name, song: singer.song,
                       href: base.relativeURL(to: SiteRoutes.singer(singer.id)),
                       cover: cover(singer, from: base), badges: cardBadges(singer), eager: eager)
    }

    func cover(_ singer: Input.Singer, from base: SitePath) -> CoverView? {
        let thumbnails = singer.thumbnails
        guard let small = thumbnails.first(where: { $0.format == .jpeg }) else { return nil }
        func srcset(_ format: CoverThumbnail.Format) -> String {
            thumbnails.filter { $0.format == format }
                .map { "\(base.relativeURL(to: SiteRoutes.thumbnail($0.fileName))) \($0.width)w" }
                .joined(separator: ", ")
        }
        return CoverView(webpSrcset: srcset(.webp), jpegSrcset: srcset(.jpeg),
                         src: base.relativeURL(to: SiteRoutes.thumbnail(small.fileName)),
                         width: small.width, height: small.height, alt: "\(singer.name)的参赛封面")
    }

    /// What the published results say about a singer, in the order they were decided.
    func badges(_ singer: Input.Singer) -> [String] {
        var badges: [String] = []
        if rematchByID[singer.id]?.advanced == true { badges.append("晋级决赛") }
        if let award = finalByID[singer.id]?.award { badges.append(award) }
        if popularIDs.contains(singer.id) { badges.append("最佳人气职工歌手") }
        return badges
    }

    /// A card's badges: the final's award in place of 晋级决赛, and the popularity award beside it.
    func cardBadges(_ singer: Input.Singer) -> [String] {
        var badges = badges(singer)
        if finalByID[singer.id] != nil { badges.removeAll { $0 == "晋级决赛" } }
        return badges
    }

    func singerView(_ singer: Input.Singer, at path: SitePath) -> SingerView {
        let unit = unitName(singer)
        let siblings = singersByUnit[singer.unit] ?? [singer]
        let index = positionInUnit[singer.id] ?? 0
        let link = { (other: Input.Singer) in LinkView(title: other.name, href: path.relativeURL(to: SiteRoutes.singer(other.id))) }
        var video: VideoView?
        if singer.publishesVideo {
            let isRemote = SiteGraph.hasScheme(singer.video)
            let local = SiteGraph.normalize(singer.video, from: "").map { path.relativeURL(to: SitePath($0)) }
            let format = SubmissionChecker.fileExtension(singer.video)
            video = VideoView(src: isRemote ? singer.video : local ?? singer.video,
                              type: format == "mov" ? nil : "video/mp4",
                              poster: shareImage(singer).map { path.relativeURL(to: $0) },
                              description: "《\(singer.song)》，演唱：\(singer.name)（\(unit)）")
        }
        var results = badges(singer)
        if let rematch = rematchByID[singer.id] {
            results.insert("复赛第 \(rematch.rank) 名，总分 \(rematch.total)", at: 0)
        }
        if let final = finalByID[singer.id] {
            results.insert("决赛第 \(final.rank) 名，总分 \(final.total)", at: min(1, results.count))
        }
        return SingerView(
            id: singer.id, name: singer.name, employer: singer.employer, occupation: singer.occupation,
            unit: unit, song: singer.song, bio: singer.bio,
            video: video, videoWithheld: video == nil, cover: cover(singer, from: path),
            voteURL: input.votingOpen ? voteURLParts?.joined(separator: singer.id) : nil,
            results: results, hasResults: !results.isEmpty,
            previous: index > 0 ? link(siblings[index - 1]) : nil,
            next: index + 1 < siblings.count ? link(siblings[index + 1]) : nil,
            galleryURL: path.relativeURL(to: SiteRoutes.gallery) + "#unit-" + singer.unit)
    }

    /// The singer's large cover, for Open Graph and the video's poster.
    func shareImage(_ singer: Input.Singer) -> SitePath? {
        singer.thumbnails.last(where: { $0.format == .jpeg }).map { SiteRoutes.thumbnail($0.fileName) }
    }

    static func dates(_ stage: ContestStage) -> String {
        switch (stage.from, stage.until) {
        case let (from?, until?): return "\(from.month)月\(from.day)日至\(until.month)月\(until.day)日"
        case let (nil, until?): return "至\(until.month)月\(until.day)日"
        case let (from?, nil): return "\(from.month)月\(from.day)日起"
        default: return ""
        }
    }
}
