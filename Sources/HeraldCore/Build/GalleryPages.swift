import Foundation

/// The rematch gallery and one page per singer, grouped as the notice publishes them:
/// 地市 (city and county unions), 产业（行业）工会, 独立会员单位.
///
/// Order, as a person looks for a colleague: the notice's three groups in its order; within a group,
/// units in the order of `units.yml` (the province's customary order of its cities); within a unit,
/// singers in the order the unit submitted them.
struct GalleryPages: Sendable {
    let contest: ResolvedContest
    let covers: MediaPublisher.Covers
    let voteURLTemplate: String?
    // Indexes built once, so a page per singer costs the same at 30,000 singers as at 300.
    private let singersByUnit: [String: [Contestant]]
    private let positionInUnit: [String: Int]
    private let rematchByID: [String: RematchResult]
    private let finalByID: [String: FinalResult]
    private let popularIDs: Set<String>

    init(contest: ResolvedContest, covers: MediaPublisher.Covers, voteURLTemplate: String?) {
        self.contest = contest
        self.covers = covers
        self.voteURLTemplate = voteURLTemplate
        singersByUnit = Dictionary(grouping: contest.contestants, by: \.unit)
        var positions: [String: Int] = [:]
        for singers in singersByUnit.values {
            for (index, singer) in singers.enumerated() where positions[singer.id] == nil { positions[singer.id] = index }
        }
        positionInUnit = positions
        rematchByID = Dictionary(contest.rematch.map { ($0.contestant.id, $0) }, uniquingKeysWith: { first, _ in first })
        finalByID = Dictionary(contest.final.map { ($0.contestant.id, $0) }, uniquingKeysWith: { first, _ in first })
        popularIDs = Set(contest.popularity.map(\.contestant.id))
    }

    static let groups: [(anchor: String, title: String, kinds: Set<UnitKind>)] = [
        ("dishi", "地市", [.city, .county]),
        ("chanye", "产业（行业）工会", [.industry]),
        ("huiyuan", "独立会员单位", [.member]),
    ]

    /// Singers by unit, units in gallery order.
    private var unitsInOrder: [(unit: ContestUnit, singers: [Contestant])] {
        Self.groups.flatMap { group in
            contest.units.filter { group.kinds.contains($0.kind) }.compactMap { unit in
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
        let rematch = contest.rules.stages.first { $0.key == "rematch" }
        return GalleryView(
            name: contest.rules.name, total: contest.contestants.count, groups: groups, hasGroups: !groups.isEmpty,
            votingOpen: contest.votingOpen, votingDates: rematch.map(Self.dates),
            contestURL: base.relativeURL(to: SiteRoutes.contest), scriptURL: base.relativeURL(to: SiteRoutes.asset("gallery.js")))
    }

    private func card(_ singer: Contestant, unit: ContestUnit, from base: SitePath, eager: Bool) -> SingerCardView {
        SingerCardView(id: singer.id, name: singer.name, unit: unit.name, song: singer.song,
                       href: base.relativeURL(to: SiteRoutes.singer(singer.id)),
                       cover: cover(singer, from: base), badges: cardBadges(singer), eager: eager)
    }

    func cover(_ singer: Contestant, from base: SitePath) -> CoverView? {
        guard let file = SiteGraph.normalize(singer.cover, from: ""), let thumbnails = covers[file],
              let small = thumbnails.first(where: { $0.format == .jpeg }) else { return nil }
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
    func badges(_ singer: Contestant) -> [String] {
        var badges: [String] = []
        if rematchByID[singer.id]?.advanced == true { badges.append("晋级决赛") }
        if let final = finalByID[singer.id] { badges.append(final.award.title) }
        if popularIDs.contains(singer.id) { badges.append("最佳人气职工歌手") }
        return badges
    }

    /// A card's badges: the final's award in place of 晋级决赛, and the popularity award beside it.
    func cardBadges(_ singer: Contestant) -> [String] {
        var badges = badges(singer)
        if finalByID[singer.id] != nil { badges.removeAll { $0 == "晋级决赛" } }
        return badges
    }

    func singerView(_ singer: Contestant, at path: SitePath) -> SingerView {
        let unit = contest.unit(singer.unit)
        let siblings = singersByUnit[singer.unit] ?? [singer]
        let index = positionInUnit[singer.id] ?? 0
        let link = { (other: Contestant) in LinkView(title: other.name, href: path.relativeURL(to: SiteRoutes.singer(other.id))) }
        let cover = cover(singer, from: path)
        var video: VideoView?
        if contest.publishesVideo(of: singer) {
            let isRemote = SiteGraph.hasScheme(singer.video)
            let local = SiteGraph.normalize(singer.video, from: "").map { path.relativeURL(to: SitePath($0)) }
            let format = SubmissionChecker.fileExtension(singer.video)
            video = VideoView(src: isRemote ? singer.video : local ?? singer.video,
                              type: format == "mov" ? nil : "video/mp4",
                              poster: shareImage(singer).map { path.relativeURL(to: $0) },
                              description: "《\(singer.song)》，演唱：\(singer.name)（\(unit?.name ?? singer.unit)）")
        }
        var results = badges(singer)
        if let rematch = rematchByID[singer.id] {
            results.insert("复赛第 \(rematch.rank) 名，总分 \(rematch.total.rounded())", at: 0)
        }
        if let final = finalByID[singer.id] {
            results.insert("决赛第 \(final.rank) 名，总分 \(final.total.rounded())", at: min(1, results.count))
        }
        return SingerView(
            id: singer.id, name: singer.name, employer: singer.employer, occupation: singer.occupation,
            unit: unit?.name ?? singer.unit, song: singer.song, bio: contest.bios[singer.id],
            video: video, videoWithheld: video == nil, cover: cover,
            voteURL: contest.votingOpen ? voteURLTemplate?.replacingOccurrences(of: "{id}", with: singer.id) : nil,
            results: results, hasResults: !results.isEmpty,
            previous: index > 0 ? link(siblings[index - 1]) : nil,
            next: index + 1 < siblings.count ? link(siblings[index + 1]) : nil,
            galleryURL: path.relativeURL(to: SiteRoutes.gallery) + "#unit-" + singer.unit)
    }

    /// The absolute address of the singer's large cover, for Open Graph.
    func shareImage(_ singer: Contestant) -> SitePath? {
        guard let file = SiteGraph.normalize(singer.cover, from: ""),
              let large = covers[file]?.last(where: { $0.format == .jpeg }) else { return nil }
        return SiteRoutes.thumbnail(large.fileName)
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
