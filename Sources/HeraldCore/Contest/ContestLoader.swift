import Foundation
import Yams

/// Reads `content/contest/` into a typed `Contest`, every value with its line.
struct ContestLoader: Sendable {
    let content: ContentDirectory
    /// What earlier builds read from the contestant files; nil: read every file.
    var cache: ContestantFileCache?

    /// Nil when the site has no `contest/` folder (a campaign without a contest).
    func load(into diagnostics: inout Diagnostics) -> Contest? {
        guard content.isDirectory("contest") else { return nil }
        guard let rules = loadRules(&diagnostics) else {
            if !content.exists("contest/contest.yml") {
                diagnostics.error(at: SourceLocation(file: content.displayPath("contest/contest.yml")), "缺少大赛规则文件 contest.yml",
                                  hint: "在 contest/ 里新建 contest.yml，写明赛程、报名要求和名额")
            }
            return nil
        }
        let units = loadUnits(&diagnostics)
        let loader = self
        let contestants = Parallel.map(content.files(in: "contest/contestants", withExtension: "yml"),
                                       reporting: &diagnostics) { path, diagnostics -> [Contestant] in
            guard let cache = loader.cache else { return loader.loadContestants(path, &diagnostics) }
            let (contestants, found) = cache.value(of: path, in: loader.content) { loader.loadContestants(path, &$0) }
            diagnostics.append(contentsOf: found)
            return contestants
        }.flatMap { $0 }
        cache?.save()
        var results: [ResultsFile] = []
        for round in ["rematch", "final"] {
            let preface = content.exists("contest/results/\(round).md")
                ? ResultsPreface.load("contest/results/\(round).md", in: content, diagnostics: &diagnostics) : nil
            guard content.exists("contest/results/\(round).yml") else {
                if preface != nil {
                    diagnostics.warning(at: SourceLocation(file: content.displayPath("contest/results/\(round).md")),
                                        "有成绩公告前言，却没有成绩文件 \(round).yml，前言不会发布",
                                        hint: "成绩登记好后再发布前言")
                }
                continue
            }
            if var file = loadResults("contest/results/\(round).yml", round: round, &diagnostics) {
                file.preface = preface
                results.append(file)
            }
        }
        return Contest(rules: rules, units: units, contestants: contestants, results: results)
    }

    // MARK: - Files

    private func document(_ relativePath: String, _ diagnostics: inout Diagnostics) -> (YAMLSource, Node)? {
        let file = content.displayPath(relativePath)
        guard content.exists(relativePath),
              let text = content.readText(relativePath, limit: content.limits.yamlBytes, diagnostics: &diagnostics) else { return nil }
        let source = YAMLSource(file: file)
        guard let node = source.compose(text, into: &diagnostics) else {
            if !diagnostics.hasErrors { diagnostics.error(at: SourceLocation(file: file), "文件是空的", hint: "按 SPEC 的格式填写") }
            return nil
        }
        return (source, node)
    }

    // MARK: - contest.yml

    private func loadRules(_ diagnostics: inout Diagnostics) -> ContestRules? {
        guard let (source, node) = document("contest/contest.yml", &diagnostics),
              let reader = MappingReader(node, source: source, subject: "contest.yml", diagnostics: &diagnostics) else { return nil }
        reader.warnAboutUnknownKeys(ContestRules.fields, diagnostics: &diagnostics)
        let name = reader.string("name", required: true, hint: "加上一行 `name: 大赛名称`", diagnostics: &diagnostics)

        let stages: [ContestStage] = reader.mappingList("stages", itemSubject: "赛程阶段", diagnostics: &diagnostics) { stage, diagnostics in
            stage.warnAboutUnknownKeys(["key", "title", "from", "until"], diagnostics: &diagnostics)
            guard let key = stage.string("key", required: true, diagnostics: &diagnostics),
                  let title = stage.string("title", required: true, diagnostics: &diagnostics) else { return nil }
            let from = stage.date("from", diagnostics: &diagnostics)?.0
            let until = stage.date("until", diagnostics: &diagnostics)?.0
            if let from, let until, until.dayNumber < from.dayNumber {
                diagnostics.error(at: stage.location(of: "until"), "阶段“\(title)”的结束日期早于开始日期",
                                  hint: "检查 `from` 和 `until`")
            }
            return ContestStage(key: key, title: title, from: from, until: until, location: stage.location)
        }

        var submission = SubmissionRules()
        if let node = reader.value("submission"),
           let rules = MappingReader(node, source: source, subject: "submission", diagnostics: &diagnostics) {
            rules.warnAboutUnknownKeys(["deadline", "formats", "aspect", "max_size_mb", "max_duration_s", "solo_only"],
                                       diagnostics: &diagnostics)
            submission.deadline = rules.date("deadline", diagnostics: &diagnostics)?.0
            let formats = rules.stringList("formats", diagnostics: &diagnostics).map { $0.lowercased() }
            if !formats.isEmpty { submission.formats = formats }
            if let aspect = rules.string("aspect", diagnostics: &diagnostics) {
                let parts = aspect.split(separator: ":").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                if parts.count == 2, parts[0] > 0, parts[1] > 0 {
                    submission.aspect = (parts[0], parts[1])
                } else {
                    diagnostics.error(at: rules.location(of: "aspect"), "`aspect` 应写成“宽:高”，如 \"9:16\"",
                                      hint: "加上引号：`aspect: \"9:16\"`")
                }
            }
            submission.maxSizeMB = rules.integer("max_size_mb", in: 1...100_000, diagnostics: &diagnostics)
            submission.maxDurationSeconds = rules.integer("max_duration_s", in: 1...86_400, diagnostics: &diagnostics)
            submission.soloOnly = rules.bool("solo_only", default: false, diagnostics: &diagnostics)
        }

        var quotas: [UnitKind: Int] = [:]
        if let node = reader.value("quotas"),
           let table = MappingReader(node, source: source, subject: "quotas", diagnostics: &diagnostics) {
            for pair in table.pairs {
                guard let kind = UnitKind(rawValue: pair.key) else {
                    diagnostics.error(at: source.location(of: pair.keyNode), "不认识的单位类别“\(pair.key)”",
                                      hint: "类别只能是 city、industry、county、member")
                    continue
                }
                quotas[kind] = table.integer(pair.key, in: 0...10_000, diagnostics: &diagnostics)
            }
        }

        var rematch = RoundRules(), final = RoundRules()
        var capacity: Int?, advance: Int?, voteURL: String?, voteScale = "max"
        var capacityLocation = reader.location
        if let node = reader.value("rematch"),
           let round = MappingReader(node, source: source, subject: "rematch", diagnostics: &diagnostics) {
            round.warnAboutUnknownKeys(["capacity", "advance", "vote_url", "weights", "vote_scale", "judges_trim"],
                                       diagnostics: &diagnostics)
            capacity = round.integer("capacity", in: 1...1_000_000, diagnostics: &diagnostics)
            capacityLocation = round.location(of: "capacity")
            advance = round.integer("advance", in: 1...1_000_000, diagnostics: &diagnostics)
            voteURL = readVoteURL(round, &diagnostics)
            voteScale = round.string("vote_scale", diagnostics: &diagnostics) ?? "max"
            if voteScale != "max" {
                diagnostics.error(at: round.location(of: "vote_scale"), "不支持的 `vote_scale`“\(voteScale)”",
                                  hint: "目前只支持 `max`：得票数 ÷ 最高得票数 × 100")
            }
            rematch = readRound(round, components: ["votes", "judges"], &diagnostics)
        }
        if let node = reader.value("final"),
           let round = MappingReader(node, source: source, subject: "final", diagnostics: &diagnostics) {
            round.warnAboutUnknownKeys(["weights", "judges_trim"], diagnostics: &diagnostics)
            final = readRound(round, components: ["judges", "rematch", "quiz", "talent"], &diagnostics)
        }
        var awards = (top: 10, popularity: 1, organization: 5)
        if let node = reader.value("awards"),
           let table = MappingReader(node, source: source, subject: "awards", diagnostics: &diagnostics) {
            table.warnAboutUnknownKeys(["top", "popularity", "organization"], diagnostics: &diagnostics)
            awards.top = table.integer("top", in: 0...10_000, diagnostics: &diagnostics) ?? awards.top
            awards.popularity = table.integer("popularity", in: 0...10_000, diagnostics: &diagnostics) ?? awards.popularity
            awards.organization = table.integer("organization", in: 0...10_000, diagnostics: &diagnostics) ?? awards.organization
        }
        // A missing name is reported above and fails the build; the rules are still returned, so the
        // contestant and results files are checked against them in the same run.
        return ContestRules(
            file: source.file, name: name ?? "", organizer: reader.string("organizer", diagnostics: &diagnostics),
            stages: stages, submission: submission, quotas: quotas, quotasLocation: reader.location(of: "quotas"),
            capacity: capacity, capacityLocation: capacityLocation, advance: advance, voteURL: voteURL,
            rematch: rematch, voteScale: voteScale, final: final, awards: awards)
    }

    private func readVoteURL(_ round: MappingReader, _ diagnostics: inout Diagnostics) -> String? {
        guard let url = round.string("vote_url", diagnostics: &diagnostics) else { return nil }
        guard url.lowercased().hasPrefix("https://") || url.lowercased().hasPrefix("http://") else {
            diagnostics.error(at: round.location(of: "vote_url"), "`vote_url` 应当是 http(s) 网址",
                              hint: "写成 `https://投票网站/singer/{id}`")
            return nil
        }
        if !url.contains("{id}") {
            diagnostics.warning(at: round.location(of: "vote_url"), "`vote_url` 里没有 {id}，所有选手的投票链接都会相同",
                                hint: "在网址中用 {id} 代表选手编号")
        }
        return url
    }

    private func readRound(_ round: MappingReader, components: [String], _ diagnostics: inout Diagnostics) -> RoundRules {
        var rules = RoundRules()
        rules.judgesTrim = round.integer("judges_trim", in: 0...20, diagnostics: &diagnostics) ?? 0
        guard let node = round.value("weights"),
              let weights = MappingReader(node, source: round.source, subject: "weights", diagnostics: &diagnostics) else {
            return rules
        }
        weights.warnAboutUnknownKeys(components, diagnostics: &diagnostics)
        for component in components {
            if let weight = weights.decimal(component, in: 0...100, diagnostics: &diagnostics) {
                rules.weights.append((component, weight))
            }
        }
        let total = rules.weights.reduce(Decimal(0)) { $0 + $1.weight }
        if !rules.weights.isEmpty && total != 100 {
            diagnostics.error(at: round.location(of: "weights"), "\(round.subject) 的权重合计为 \(total)%，应为 100%",
                              hint: "检查各项占比")
        }
        return rules
    }

    // MARK: - units.yml

    private func loadUnits(_ diagnostics: inout Diagnostics) -> [ContestUnit] {
        let path = "contest/units.yml"
        guard content.exists(path) else {
            diagnostics.error(at: SourceLocation(file: content.displayPath(path)), "缺少参赛单位名单 units.yml",
                              hint: "在 contest/ 里新建 units.yml，每行一个单位：`- {id: hefei, name: 合肥市总工会, kind: city}`")
            return []
        }
        guard let (source, node) = document(path, &diagnostics) else { return [] }
        guard let list = node.sequence else {
            diagnostics.error(at: source.location(of: node), "units.yml 应当是单位列表，每项以 `- ` 开头",
                              hint: "例如 `- {id: hefei, name: 合肥市总工会, kind: city}`")
            return []
        }
        var units: [ContestUnit] = []
        for item in list {
            guard let reader = MappingReader(item, source: source, subject: "参赛单位", diagnostics: &diagnostics) else { continue }
            reader.warnAboutUnknownKeys(["id", "name", "kind"], diagnostics: &diagnostics)
            let id = reader.string("id", required: true, diagnostics: &diagnostics)
            let name = reader.string("name", required: true, diagnostics: &diagnostics)
            let kindText = reader.string("kind", required: true, hint: "写 city、industry、county 或 member", diagnostics: &diagnostics)
            let kind = kindText.flatMap(UnitKind.init(rawValue:))
            if let kindText, kind == nil {
                diagnostics.error(at: reader.location(of: "kind"), "不认识的单位类别“\(kindText)”",
                                  hint: "类别只能是 city（市总工会）、industry（省产业工会）、county（省直管县总工会）、member（会员单位）")
            }
            guard let id, let name, let kind else { continue }
            if !Slug.isValid(id) {
                diagnostics.error(at: reader.location(of: "id"), "单位编号“\(id)”不能用作网址",
                                  hint: "只用小写英文字母、数字和连字符，如 `hefei`")
                continue
            }
            if let first = units.first(where: { $0.id == id }) {
                diagnostics.error(at: reader.location(of: "id"), "单位编号“\(id)”重复（第 \(first.location.line) 行已有）",
                                  hint: "每个单位的 id 须不同")
                continue
            }
            units.append(ContestUnit(id: id, name: name, kind: kind, location: reader.location))
        }
        return units
    }

    // MARK: - contestants/UNIT.yml

    private func loadContestants(_ path: String, _ diagnostics: inout Diagnostics) -> [Contestant] {
        guard let (source, node) = document(path, &diagnostics),
              let reader = MappingReader(node, source: source, subject: "报名文件", diagnostics: &diagnostics) else { return [] }
        reader.warnAboutUnknownKeys(["unit", "contestants"], diagnostics: &diagnostics)
        guard let unit = reader.string("unit", required: true, hint: "写明报送单位的编号，如 `unit: hefei`",
                                       diagnostics: &diagnostics) else { return [] }
        let unitLocation = reader.location(of: "unit")
        let contestants: [Contestant] = reader.mappingList("contestants", itemSubject: "选手", diagnostics: &diagnostics) { entry, diagnostics in
            entry.warnAboutUnknownKeys(Contestant.publicFields + Contestant.privateFields, diagnostics: &diagnostics)
            let id = entry.string("id", required: true, hint: "每位选手须有编号，如 `id: hf-001`", diagnostics: &diagnostics)
            let name = entry.string("name", required: true, diagnostics: &diagnostics)
            let song = entry.string("song", required: true, hint: "写上参赛曲目", diagnostics: &diagnostics)
            let video = entry.string("video", required: true, hint: "写上视频文件路径，如 `media/hefei/hf-001.mp4`", diagnostics: &diagnostics)
            let cover = entry.string("cover", required: true, hint: "写上封面图片路径，如 `media/hefei/hf-001.jpg`", diagnostics: &diagnostics)
            guard let id, let name, let song, let video, let cover else { return nil }
            if !Slug.isValid(id) {
                diagnostics.error(at: entry.location(of: "id"), "选手编号“\(id)”不能用作网址",
                                  hint: "只用小写英文字母、数字和连字符，如 `hf-001`")
                return nil
            }
            var locations: [String: SourceLocation] = ["unit": unitLocation]
            for field in Contestant.publicFields { locations[field] = entry.location(of: field) }
            return Contestant(
                id: id, unit: unit, name: name,
                employer: entry.string("employer", diagnostics: &diagnostics),
                occupation: entry.string("occupation", diagnostics: &diagnostics),
                song: song, video: video, cover: cover,
                performers: entry.integer("performers", in: 1...1000, diagnostics: &diagnostics) ?? 1,
                submittedAt: entry.date("submitted_at", diagnostics: &diagnostics)?.0,
                copyrightReserved: entry.bool("copyright_reserved", default: false, diagnostics: &diagnostics),
                bio: entry.string("bio", diagnostics: &diagnostics),
                location: entry.location, fieldLocations: locations)
        }
        return contestants
    }

    // MARK: - results/*.yml

    private func loadResults(_ path: String, round: String, _ diagnostics: inout Diagnostics) -> ResultsFile? {
        guard let (source, node) = document(path, &diagnostics),
              let reader = MappingReader(node, source: source, subject: "成绩文件", diagnostics: &diagnostics) else { return nil }
        let isFinal = round == "final"
        reader.warnAboutUnknownKeys(["published_at", "entries"] + (isFinal ? ["organization_awards"] : []), diagnostics: &diagnostics)
        let publishedAt = reader.date("published_at", required: true, diagnostics: &diagnostics)?.0
        let entryFields = isFinal ? ["id", "judges", "quiz", "talent"] : ["id", "votes", "judges"]
        let entries: [ResultsFile.Entry] = reader.mappingList("entries", itemSubject: "成绩", diagnostics: &diagnostics) { entry, diagnostics in
            entry.warnAboutUnknownKeys(entryFields, diagnostics: &diagnostics)
            guard let id = entry.string("id", required: true, diagnostics: &diagnostics) else { return nil }
            var judges: [Decimal] = []
            if let list = entry.value("judges")?.sequence {
                judges = list.compactMap {
                    MappingReader.decimal($0, key: "judges", in: 0...100, source: source, diagnostics: &diagnostics)
                }
            }
            return ResultsFile.Entry(
                id: id, location: entry.location,
                votes: isFinal ? nil : entry.decimal("votes", diagnostics: &diagnostics),
                judges: judges,
                quiz: isFinal ? entry.decimal("quiz", in: 0...100, diagnostics: &diagnostics) : nil,
                talent: isFinal ? entry.decimal("talent", in: 0...100, diagnostics: &diagnostics) : nil)
        }
        var awards: [(unit: String, location: SourceLocation)] = []
        if isFinal, let list = reader.value("organization_awards")?.sequence {
            for item in list {
                if let unit = item.scalar?.string { awards.append((unit, source.location(of: item))) }
            }
        }
        return ResultsFile(file: source.file, round: round, publishedAt: publishedAt, entries: entries,
                           organizationAwards: awards, preface: nil)
    }
}
