import Foundation

/// Every submission rule of the contest notice, checked against the files themselves: quotas by unit
/// kind, the rematch's capacity, one entry per person and id, solo performances, and each video's
/// format, size, duration and orientation read from its own header.
struct SubmissionChecker: Sendable {
    let contest: Contest
    let content: ContentDirectory
    let timeZone: TimeZone
    /// Units share sample videos and covers: each file's header is read once.
    private let headers = HeaderCache()
    /// Headers read by earlier builds, by the files' identities; nil reads every file.
    var mediaCache: MediaHeaderCache? = nil

    init(contest: Contest, content: ContentDirectory, timeZone: TimeZone) {
        self.contest = contest
        self.content = content
        self.timeZone = timeZone
    }

    /// Shared by the threads that check entries; a file read by two threads at once is merely read twice.
    private final class HeaderCache: @unchecked Sendable {
        private var videos: [String: Result<VideoHeader, VideoHeaderError>] = [:]
        private var images: [String: Result<ImageHeader, ImageHeader.Unreadable>] = [:]
        private var sizes: [String: Int64?] = [:]
        private let lock = NSLock()

        private func cached<Value>(_ table: ReferenceWritableKeyPath<HeaderCache, [String: Value]>, _ path: String,
                                   _ read: () -> Value) -> Value {
            lock.lock()
            let known = self[keyPath: table][path]
            lock.unlock()
            if let known { return known }
            let value = read()
            lock.lock()
            self[keyPath: table][path] = value
            lock.unlock()
            return value
        }

        func video(_ path: String, _ read: () -> Result<VideoHeader, VideoHeaderError>) -> Result<VideoHeader, VideoHeaderError> {
            cached(\.videos, path, read)
        }

        func image(_ path: String, _ read: () -> Result<ImageHeader, ImageHeader.Unreadable>) -> Result<ImageHeader, ImageHeader.Unreadable> {
            cached(\.images, path, read)
        }

        func size(_ path: String) -> Int64? {
            cached(\.sizes, path) { FileSystem.size(path).map(Int64.init) }
        }
    }

    private var rules: SubmissionRules { contest.rules.submission }

    func check(into diagnostics: inout Diagnostics) {
        // The rules within one entry read files (video and cover headers): on every core. Their messages
        // are merged below in the order a single loop would give.
        let checker = self
        // Each entry's person key (folding names costs more than the lookups below) is made there too.
        let entries = Parallel.map(contest.contestants) { contestant -> (problems: Diagnostics, personKey: String) in
            var problems = Diagnostics()
            checker.checkUnit(contestant, &problems)
            checker.checkEntry(contestant, &problems)
            checker.checkVideo(contestant, &problems)
            checker.checkCover(contestant, &problems)
            return (problems, contestant.personKey)
        }
        // Where each id and each person was first seen (indexes: copying 30,000 entries into the tables
        // showed in profiles).
        var firstByID: [String: Int] = [:]
        var firstByPerson: [String: Int] = [:]
        for (index, (problems, personKey)) in entries.enumerated() {
            let contestant = contest.contestants[index]
            if let first = firstByID[contestant.id].map({ contest.contestants[$0] }) {
                diagnostics.error(at: contestant.location(of: "id"),
                                  "\(describe(contestant))：编号与 \(first.location.file):\(first.location.line) 的 \(first.name) 重复",
                                  hint: "每位选手的 id 在整个大赛中须唯一，请改用未用过的编号")
            } else {
                firstByID[contestant.id] = index
            }
            if let first = firstByPerson[personKey].map({ contest.contestants[$0] }) {
                diagnostics.error(at: contestant.location,
                                  "\(describe(contestant))：同一人（姓名和工作单位相同）已在 \(first.location.file):\(first.location.line) 报名",
                                  hint: "每名歌手只能参加一个节目：删去重复的一项")
            } else {
                firstByPerson[personKey] = index
            }
            diagnostics.append(contentsOf: problems)
        }
        checkQuotas(&diagnostics)
        checkCapacity(&diagnostics)
        checkResults(&diagnostics)
    }

    private func describe(_ contestant: Contestant) -> String {
        let unit = contest.unit(contestant.unit)?.name ?? contestant.unit
        return "选手 \(contestant.name)（\(contestant.id)，\(unit)）"
    }

    // MARK: - Per entry

    private func checkUnit(_ contestant: Contestant, _ diagnostics: inout Diagnostics) {
        guard contest.unit(contestant.unit) == nil else { return }
        let hint = KeySuggestion.nearest(to: contestant.unit, among: contest.units.map(\.id)).map { "是不是 `\($0)`？" }
            ?? "先在 contest/units.yml 里登记该单位"
        diagnostics.error(at: contestant.location(of: "unit"), "报送单位“\(contestant.unit)”不在 units.yml 中", hint: hint)
    }

    private func checkEntry(_ contestant: Contestant, _ diagnostics: inout Diagnostics) {
        if rules.soloOnly && contestant.performers > 1 {
            diagnostics.error(at: contestant.location(of: "performers"),
                              "\(describe(contestant))：演唱人数为 \(contestant.performers)，本赛只接受独唱",
                              hint: "不接受合唱、对唱节目；独唱请写 `performers: 1`")
        }
        guard let deadline = rules.deadline else { return }
        guard let submitted = contestant.submittedAt else {
            diagnostics.warning(at: contestant.location, "\(describe(contestant))：没有 `submitted_at`，无法核对是否在截稿前报送",
                                hint: "写上报送时间，如 `submitted_at: 2024-07-30T20:15:00+08:00`")
            return
        }
        if submitted.instant(in: timeZone) > deadline.instant(in: timeZone, endOfDay: true) {
            diagnostics.error(at: contestant.location(of: "submitted_at"),
                              "\(describe(contestant))：报送时间晚于截稿时间 \(Self.describe(deadline))",
                              hint: "截稿后报送的作品不能参赛；若时间录入有误请更正")
        }
    }

    // MARK: - Media

    private func checkVideo(_ contestant: Contestant, _ diagnostics: inout Diagnostics) {
        let location = contestant.location(of: "video")
        let format = Self.fileExtension(contestant.video)
        if !rules.formats.contains(format) {
            diagnostics.error(at: location, "\(describe(contestant))：视频格式“\(format.isEmpty ? "无扩展名" : format)”不符合要求",
                              hint: "只接受 \(rules.formats.joined(separator: "、")) 格式")
        }
        if Self.isURL(contestant.video) {
            if contestant.video.lowercased().hasPrefix("https://") {
                diagnostics.warning(at: location, "\(describe(contestant))：视频是网址，无法核对时长、大小和横竖屏",
                                    hint: "请人工确认；或把视频文件放进 media/ 由 herald 检查")
            } else {
                diagnostics.error(at: location, "\(describe(contestant))：视频网址须以 https:// 开头", hint: "改用 https 地址")
            }
            return
        }
        guard let path = existingFile(contestant.video) else {
            diagnostics.error(at: location, "\(describe(contestant))：找不到视频文件 \(contestant.video)",
                              hint: "路径从 content/ 算起，如 `media/hefei/hf-001.mp4`；检查文件名和大小写")
            return
        }
        if let limit = rules.maxSizeMB, let size = headers.size(path), size > Int64(limit) * 1_048_576 {
            diagnostics.error(at: location,
                              "\(describe(contestant))：视频大小 \(Self.megabytes(size)) MB，超过 \(limit) MB 的上限",
                              hint: "压缩后重新报送")
        }
        let header: VideoHeader
        switch video(path, as: contestant.video) {
        case .success(let read):
            header = read
        case .failure(let error):
            diagnostics.error(at: location, "\(describe(contestant))：无法读取视频 \(contestant.video)：\(error)",
                              hint: "用手机或剪辑软件重新导出为 mp4 后再报送")
            return
        }
        if let limit = rules.maxDurationSeconds, header.durationSeconds <= 0 {
            // A fragmented MP4 (a live recording, some screen recorders) leaves mvhd's duration at 0.
            diagnostics.warning(at: location, "\(describe(contestant))：无法从视频文件头读出时长，未能核对是否超过 \(Self.minutes(Double(limit)))",
                                hint: "用剪辑软件重新导出为普通 mp4，或人工核对时长")
        } else if let limit = rules.maxDurationSeconds, header.durationSeconds > Double(limit) {
            diagnostics.error(at: location,
                              "\(describe(contestant))：视频时长 \(Self.minutes(header.durationSeconds))，超过 \(Self.minutes(Double(limit))) 的上限",
                              hint: "所有作品时长须控制在 \(Self.minutes(Double(limit))) 内")
        }
        guard let aspect = rules.aspect else { return }
        // The orientation is the rule (竖屏 for 9:16, 横屏 for 16:9, 方形 for 1:1); a ratio a little off
        // within it (a phone's 20:9) is only a warning.
        let wanted = Self.shape(width: aspect.width, height: aspect.height)
        let actual = Self.shape(width: header.displayWidth, height: header.displayHeight)
        if wanted == "方形" ? !Self.matches(header, aspect) : actual != wanted {
            diagnostics.error(at: location,
                              "\(describe(contestant))：视频是\(actual)（显示为 \(header.displayWidth)×\(header.displayHeight)），须为\(wanted) \(aspect.width):\(aspect.height)",
                              hint: "请用\(wanted)重新拍摄或导出")
        } else if !Self.matches(header, aspect) {
            diagnostics.warning(at: location,
                                "\(describe(contestant))：视频是\(actual)，但比例 \(header.displayWidth)×\(header.displayHeight) 不是 \(aspect.width):\(aspect.height)",
                                hint: "可以发布；如需统一画幅请重新导出")
        }
    }

    private static func shape(width: Int, height: Int) -> String {
        height > width ? "竖屏" : width > height ? "横屏" : "方形"
    }

    private func checkCover(_ contestant: Contestant, _ diagnostics: inout Diagnostics) {
        let location = contestant.location(of: "cover")
        guard let path = existingFile(contestant.cover) else {
            diagnostics.error(at: location, "\(describe(contestant))：找不到封面图片 \(contestant.cover)",
                              hint: "路径从 content/ 算起，如 `media/hefei/hf-001.jpg`；检查文件名和大小写")
            return
        }
        if let size = headers.size(path), size > Int64(content.limits.mediaBytes) {
            diagnostics.error(at: location, "\(describe(contestant))：封面图片有 \(Self.megabytes(size)) MB，超过 \(ContentLimits.describe(content.limits.mediaBytes)) 的上限",
                              hint: "换一张较小的图片")
            return
        }
        let header: ImageHeader
        switch image(path, as: contestant.cover) {
        case .success(let read):
            header = read
        case .failure(let error):
            diagnostics.error(at: location, "\(describe(contestant))：封面 \(contestant.cover) \(error)",
                              hint: "换一张 JPEG 或 PNG 图片")
            return
        }
        if !header.isPortrait {
            diagnostics.warning(at: location,
                                "\(describe(contestant))：封面不是竖图（显示为 \(header.displayWidth)×\(header.displayHeight)），在作品墙里会被裁切",
                                hint: "建议换一张竖版（9:16）封面，便于网民辨识投票")
        }
    }

    // MARK: - Across entries

    private func checkQuotas(_ diagnostics: inout Diagnostics) {
        // Quotas for some kinds but not for one that units.yml uses: probably forgotten, and unlimited.
        if !contest.rules.quotas.isEmpty {
            var warned = Set<String>()
            for unit in contest.units where contest.rules.quotas[unit.kind] == nil && warned.insert(unit.kind.label).inserted {
                diagnostics.warning(at: contest.rules.quotasLocation,
                                    "`quotas` 里没有\(unit.kind.label)的名额（如 \(unit.name)），它们报送人数不受限制",
                                    hint: "补上该类单位的名额，如 `quotas: {city: 20, industry: 20, county: 8, member: 3}`")
            }
        }
        let byUnit = Dictionary(grouping: contest.contestants, by: \.unit)
        for unit in contest.units {
            guard let entries = byUnit[unit.id], let quota = contest.rules.quotas[unit.kind], entries.count > quota else { continue }
            for extra in entries.dropFirst(quota) {
                diagnostics.error(at: extra.location,
                                  "\(describe(extra))：\(unit.name)报送 \(entries.count) 名，超过\(unit.kind.label)最多 \(quota) 名的名额",
                                  hint: "每个\(unit.kind.label)可推荐不超过 \(quota) 名职工歌手，请删去多余的选手")
            }
        }
    }

    private func checkCapacity(_ diagnostics: inout Diagnostics) {
        guard let capacity = contest.rules.capacity, contest.contestants.count > capacity else { return }
        for extra in contest.contestants.dropFirst(capacity) {
            diagnostics.error(at: extra.location,
                              "\(describe(extra))：复赛共 \(contest.contestants.count) 名选手，超过 \(capacity) 名的上限",
                              hint: "组委会初选后进入复赛的选手不超过 \(capacity) 名，请删去未入选的选手")
        }
    }

    private func checkResults(_ diagnostics: inout Diagnostics) {
        let ids = Set(contest.contestants.map(\.id))
        let unitIDs = Set(contest.units.map(\.id))
        for results in contest.results {
            for entry in results.entries where !ids.contains(entry.id) {
                let hint = KeySuggestion.nearest(to: entry.id, among: Array(ids).sorted()).map { "是不是 `\($0)`？" }
                    ?? "成绩只能登记已报名的选手"
                diagnostics.error(at: entry.location, "成绩中的选手编号“\(entry.id)”不是报名选手", hint: hint)
            }
            for award in results.organizationAwards where !unitIDs.contains(award.unit) {
                diagnostics.error(at: award.location, "优秀组织奖中的单位“\(award.unit)”不在 units.yml 中",
                                  hint: "写单位编号，如 `hefei`")
            }
        }
    }

    // MARK: - Helpers

    /// The file's real path when `path` names a regular file inside `content/` (symbolic links followed).
    private func existingFile(_ path: String) -> String? {
        content.fileInside(path)
    }

    /// The header of the video at `path` (`written` as the contestant file names it): each file once per
    /// build (units share sample files), from the media cache when it is the file it was read from.
    private func video(_ path: String, as written: String) -> Result<VideoHeader, VideoHeaderError> {
        headers.video(path) {
            let read = { Result { () throws(VideoHeaderError) in try VideoHeaderReader.read(path: path) } }
            guard let cache = mediaCache?.videos, let relative = SiteGraph.normalize(written, from: "") else { return read() }
            return cache.fact(of: relative, in: content, read: read)
        }
    }

    private func image(_ path: String, as written: String) -> Result<ImageHeader, ImageHeader.Unreadable> {
        headers.image(path) {
            let read = { Result { () throws(ImageHeader.Unreadable) in try ImageHeader.read(path: path) } }
            guard let cache = mediaCache?.images, let relative = SiteGraph.normalize(written, from: "") else { return read() }
            return cache.fact(of: relative, in: content, read: read)
        }
    }

    static func isURL(_ text: String) -> Bool { SiteGraph.hasScheme(text) }

    static func fileExtension(_ path: String) -> String {
        var name = path
        if let end = name.firstIndex(where: { $0 == "?" || $0 == "#" }) { name = String(name[..<end]) }
        return (name as NSString).pathExtension.lowercased()
    }

    static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f", Double(bytes) / 1_048_576)
    }

    static func minutes(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        return whole % 60 == 0 ? "\(whole / 60) 分钟" : "\(whole / 60) 分 \(whole % 60) 秒"
    }

    static func describe(_ date: CampaignDate) -> String {
        date.hasTime ? String(format: "%d年%d月%d日 %02d:%02d", date.year, date.month, date.day, date.hour, date.minute)
            : "\(date.year)年\(date.month)月\(date.day)日"
    }

    /// Within 3% of the required ratio (phone exports are often a few pixels off).
    static func matches(_ header: VideoHeader, _ aspect: (width: Int, height: Int)) -> Bool {
        let actual = Double(header.displayWidth) / Double(max(header.displayHeight, 1))
        let wanted = Double(aspect.width) / Double(aspect.height)
        return abs(actual - wanted) / wanted <= 0.03
    }
}
