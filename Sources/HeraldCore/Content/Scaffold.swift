import Foundation
import Yams

/// `herald new notice|project TITLE`: a new Markdown file carrying every front matter field of its
/// kind, each with a short note in Chinese. Optional fields are commented-out examples, so the new file
/// builds without a single warning; it starts as a draft, so a half-written notice is never published.
public struct Scaffold: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case notice
        case project

        /// The content folder, which is also the first segment of the page's URL.
        var folder: String {
            switch self {
            case .notice: return "notices"
            case .project: return "projects"
            }
        }
    }

    /// Why no file was written, in the editor's words.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var hint: String
        public var description: String { "\(message)；\(hint)" }
    }

    /// A file to be written: its path relative to `content/`, the URL segment it gets, and its text.
    public struct File: Sendable {
        public var relativePath: String
        public var slug: String
        public var text: String
    }

    public let content: ContentDirectory
    /// Today in the campaign's time zone: the new notice's date of issue.
    public let today: CampaignDate

    public init(contentDirectory: String, now: Date, timeZone: TimeZone = Self.campaignTimeZone) {
        content = ContentDirectory(root: contentDirectory)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        today = CampaignDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    public static let campaignTimeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    /// Writes the new file and returns its path as an editor would open it (`content/notices/a.md`).
    /// An existing file is never overwritten.
    public func create(_ kind: Kind, title: String) throws -> String {
        guard content.isDirectory("") else {
            throw Failure(message: "内容文件夹 \(content.root) 不存在", hint: "在网站文件夹中运行，或用 `--content 路径` 指明")
        }
        let file = try self.file(kind, title: title)
        let path = content.absolutePath(file.relativePath)
        if content.exists(file.relativePath) {
            throw Failure(message: "\(content.displayPath(file.relativePath)) 已经存在，没有覆盖它",
                          hint: "换一个标题，或直接编辑这个文件")
        }
        if let other = page(of: kind, withSlug: file.slug) {
            throw Failure(message: "\(other) 的网址已是 \(kind.folder)/\(file.slug)/，没有新建",
                          hint: "换一个标题，或直接编辑这个文件")
        }
        do {
            try FileManager.default.createDirectory(atPath: folderPart(of: path),
                                                    withIntermediateDirectories: true)
            try Data(file.text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            throw Failure(message: "无法写入 \(content.displayPath(file.relativePath))：\(error.localizedDescription)",
                          hint: "检查文件夹的写入权限")
        }
        return content.displayPath(file.relativePath)
    }

    /// The file `create` would write, without writing it.
    public func file(_ kind: Kind, title rawTitle: String) throws -> File {
        let title = rawTitle.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !title.isEmpty else {
            throw Failure(message: "标题是空的", hint: "写成 `herald new \(kind.rawValue) 标题`")
        }
        let slug = Slug.fromFileName(title)
        let titleLine = try Self.yamlField("title", title)
        switch kind {
        case .notice:
            return File(relativePath: "\(kind.folder)/\(slug).md", slug: slug, text: notice(titleLine: titleLine, slug: slug))
        case .project:
            let number = try nextProjectNumber()
            let prefix = number < 10 ? "0\(number)" : "\(number)"
            return File(relativePath: "\(kind.folder)/\(prefix)-\(slug).md", slug: slug,
                        text: project(titleLine: titleLine, slug: slug, number: number))
        }
    }

    // MARK: - Templates

    private var date: String {
        func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        return "\(today.year)-\(two(today.month))-\(two(today.day))"
    }

    private func notice(titleLine: String, slug: String) -> String {
        """
        ---
        # 通知的前言。以 # 开头的行是说明或示例，不起作用；要用哪一项，就删去行首的“# ”再改成实际内容。
        \(titleLine)  # 标题（必填）
        date: \(date)  # 发文日期（必填）
        draft: true  # 草稿不会发布；写完后改为 false
        # doc_number: 皖工发〔2024〕11号  # 文号
        # issuers: [安徽省总工会, 中共安徽省委网信办]  # 发文机关：显示在标题上方和落款处
        # addressees: 各市总工会，省直、省产业工会  # 主送单位
        # publish_at: \(date)T09:00:00+08:00  # 定时发布：此前网站上没有这篇通知；默认为发文日期当天零时
        # updated: \(date)  # 更正日期：显示在页面上，并让订阅源重新推送
        # slug: \(slug)  # 网址中的名称（小写字母、数字、连字符）；默认取自文件名
        # summary: 一句话摘要  # 列表和订阅源中的摘要；默认取正文开头
        # layout: notice  # 版式；默认 notice
        # projects: [\(exampleProjectSlug)]  # 所属子项目（子项目的 slug）；子项目页面会列出本通知
        # attachments:  # 附件：标题和链接，相对本文件所在的文件夹（如 ../media/报名表.docx）
        #   - title: 各子项目承办单位及主要内容
        #     href: ../projects/
        # contacts:  # 联系人
        #   - name: 张三
        #     phone: "0551-62777096"
        #     org: 安徽省总工会网络工作部
        # events:  # 通知中的活动，会写入网站日历 calendar.ics
        #   - title: 赛前培训  # 活动名称
        #     start: \(date)  # 开始：只写日期即为全天活动
        #     end: \(date)  # 最后一天（可省略）
        #     all_day: true  # 是否全天；默认由是否写了时间决定
        #   - title: 说明会
        #     start: \(date)T14:30  # 写到分钟即为定时活动，按北京时间
        #     end: \(date)T16:00  # 结束时间（可省略）
        #     location: 合肥市工人文化宫  # 地点（可省略）
        ---

        （在这里撰写通知正文。）

        """
    }

    private func project(titleLine: String, slug: String, number: Int) -> String {
        """
        ---
        # 子项目的前言（\(date) 新建）。以 # 开头的行是说明或示例，不起作用；要用哪一项，就删去行首的“# ”再改成实际内容。
        number: \(number)  # 序号（必填，1–99）：决定在子项目列表中的顺序
        \(titleLine)  # 子项目名称（必填）
        slug: \(slug)  # 网址中的名称（小写字母、数字、连字符）
        draft: true  # 草稿不会发布；写完后改为 false
        # host: 某某市总工会  # 承办单位
        # summary: 一句话介绍  # 列表中的简介；默认取正文开头
        # layout: project  # 版式；默认 project
        # contacts:  # 联系人
        #   - name: 张三
        #     phone: "0551-62777096"
        #     org: 某某市总工会
        ---

        （在这里介绍子项目的主要内容。）

        """
    }

    /// `title: …`, quoted by Yams where YAML needs it (a colon, a leading quote or `#`, a number).
    private static func yamlField(_ key: String, _ value: String) throws -> String {
        let node = Node.mapping(Node.Mapping([(Node(key), Node(value, Tag(.str)))]))
        do {
            return try Yams.serialize(node: node, width: -1, allowUnicode: true).trimmingCharacters(in: .newlines)
        } catch {
            throw Failure(message: "标题“\(value)”无法写成 YAML：\(error)", hint: "去掉标题中的特殊字符再试")
        }
    }

    // MARK: - What is there already

    /// The notice or project that already has this URL segment: a second one would fail the build.
    private func page(of kind: Kind, withSlug slug: String) -> String? {
        for path in content.files(in: kind.folder, withExtension: "md") {
            var ignored = Diagnostics()
            let existing: PageSource?
            switch kind {
            case .notice: existing = Notice.load(path, in: content, diagnostics: &ignored)?.page
            case .project: existing = Project.load(path, in: content, diagnostics: &ignored)?.page
            }
            if existing?.slug == slug { return content.displayPath(path) }
        }
        return nil
    }

    /// A real project slug of this site for the `projects:` example, so switching it on builds.
    private var exampleProjectSlug: String {
        for path in content.files(in: "projects", withExtension: "md") {
            var ignored = Diagnostics()
            if let slug = Project.load(path, in: content, diagnostics: &ignored)?.page.slug { return slug }
        }
        return "songs"
    }

    // MARK: - Project numbers

    /// One more than the highest number in use, or the lowest free one once 99 is taken.
    private func nextProjectNumber() throws -> Int {
        let used = usedProjectNumbers()
        if let highest = used.max(), highest < 99 { return highest + 1 }
        if used.isEmpty { return 1 }
        guard let free = (1...99).first(where: { !used.contains($0) }) else {
            throw Failure(message: "子项目序号 1–99 都已用完", hint: "合并或删去不用的子项目")
        }
        return free
    }

    /// From each project's `number`, or the digits its file name starts with when it cannot be read.
    private func usedProjectNumbers() -> Set<Int> {
        var numbers: Set<Int> = []
        for path in content.files(in: "projects", withExtension: "md") {
            var ignored = Diagnostics()
            let name = (path as NSString).lastPathComponent
            if let project = Project.load(path, in: content, diagnostics: &ignored) {
                numbers.insert(project.number)
            } else if let number = Int(name.prefix { $0.isASCII && $0.isNumber }), (1...99).contains(number) {
                numbers.insert(number)
            }
        }
        return numbers
    }
}
