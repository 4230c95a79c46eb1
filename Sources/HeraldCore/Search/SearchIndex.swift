import Foundation

/// `search.json`: what the site search looks through — notices, projects, results notices and singers,
/// each with a title, a short excerpt and its address. Built from the resolved site, so drafts and
/// anything under embargo are absent unless this is a `--drafts` preview; singers carry only their
/// public fields.
struct SearchIndex {
    let resolved: ResolvedSite

    struct Entry: Encodable {
        /// Kind, for the result list: 通知, 子项目, 结果, 选手.
        let k: String
        let t: String
        /// Site-relative address (`notices/a/`); the page resolves it against the site root.
        let u: String
        let x: String
    }

    struct Index: Encodable {
        let version = 1
        let entries: [Entry]
    }

    var entries: [Entry] {
        var entries = resolved.notices.map { Entry(k: "通知", t: $0.notice.title, u: $0.path.value, x: $0.summary) }
        entries += resolved.projects.map {
            Entry(k: "子项目", t: $0.project.title, u: $0.path.value, x: [$0.project.host, $0.summary].compactMap { $0 }.joined(separator: " · "))
        }
        if let contest = resolved.contest {
            entries += contest.results.map { Entry(k: "结果", t: $0.title, u: $0.path.value, x: $0.summary) }
            entries += contest.contestants.map { singer in
                let unit = contest.unit(singer.unit)?.name ?? singer.unit
                let facts = [unit, "《\(singer.song)》", singer.employer, singer.occupation].compactMap { $0 }
                return Entry(k: "选手", t: singer.name, u: SiteRoutes.singer(singer.id).value, x: facts.joined(separator: " · "))
            }
        }
        return entries
    }

    func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(Index(entries: entries))) ?? Data("{\"entries\":[],\"version\":1}".utf8)
    }
}
