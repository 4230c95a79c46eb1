/// Stage 2: rules across files, checked before anything is rendered.
struct Validator {
    let campaign: Campaign
    let theme: Theme
    /// Where media headers read by earlier builds are kept; nil reads every file.
    var cacheDirectory: String? = nil

    /// Checks every rule; returns the contest's scores (computed here, because a results file the
    /// rules cannot rank — a tie at the cut-off, a missing score — is a content error like any other).
    @discardableResult
    func validate(into diagnostics: inout Diagnostics) -> ContestScores? {
        checkUniqueURLs(&diagnostics)
        checkLayouts(&diagnostics)
        checkProjectNumbers(&diagnostics)
        checkDates(&diagnostics)
        checkNoticeProjects(&diagnostics)
        guard let contest = campaign.contest else { return nil }
        var checker = SubmissionChecker(contest: contest, content: campaign.content, timeZone: campaign.site.timeZone)
        checker.mediaCache = cacheDirectory.map { MediaHeaderCache(cacheDirectory: $0, contentRoot: campaign.content.root) }
        checker.check(into: &diagnostics)
        checker.mediaCache?.save()
        return Scorer(contest: contest).score(into: &diagnostics)
    }

    private func checkUniqueURLs(_ diagnostics: inout Diagnostics) {
        var owners: [SitePath: PageSource] = [:]
        let pages = campaign.notices.map { (SiteRoutes.notice(slug: $0.page.slug), $0.page) }
            + campaign.projects.map { (SiteRoutes.project(slug: $0.page.slug), $0.page) }
        for (path, page) in pages {
            if let first = owners[path] {
                diagnostics.error(at: page.slugLocation,
                                  "网址 /\(path.value) 已被 \(first.file) 使用",
                                  hint: "两个页面不能同址：在其中一个文件的前言里写上不同的 `slug:`")
            } else {
                owners[path] = page
            }
        }
    }

    private func checkLayouts(_ diagnostics: inout Diagnostics) {
        let pages = campaign.notices.map(\.page) + campaign.projects.map(\.page)
        for page in pages {
            guard let layout = page.layout, !theme.hasLayout(layout) else { continue }
            let known = theme.layoutNames.filter { !["base", "header", "footer", "contacts"].contains($0) }
            let hint = KeySuggestion.nearest(to: layout, among: known).map { "是不是想写 `\($0)`？" }
                ?? "可用的版式：\(known.joined(separator: "、"))；或在 layouts/ 里新建 \(layout).mustache"
            diagnostics.error(at: page.layoutLocation, "没有名为“\(layout)”的版式", hint: hint)
        }
    }

    private func checkProjectNumbers(_ diagnostics: inout Diagnostics) {
        var seen: [Int: Project] = [:]
        for project in campaign.projects {
            if let first = seen[project.number] {
                diagnostics.error(at: project.numberLocation, "子项目序号 \(project.number) 与 \(first.page.file) 重复",
                                  hint: "每个子项目的 `number` 须不同，它决定列表中的顺序")
            } else {
                seen[project.number] = project
            }
        }
    }

    private func checkNoticeProjects(_ diagnostics: inout Diagnostics) {
        let slugs = campaign.projects.map(\.page.slug)
        for notice in campaign.notices {
            for (slug, location) in notice.projects where !slugs.contains(slug) {
                let hint = KeySuggestion.nearest(to: slug, among: slugs).map { "是不是 `\($0)`？" }
                    ?? "写子项目的 slug，可用的有：\(slugs.joined(separator: "、"))"
                diagnostics.error(at: location, "没有 slug 为“\(slug)”的子项目", hint: hint)
            }
        }
    }

    private func checkDates(_ diagnostics: inout Diagnostics) {
        let zone = campaign.site.timeZone
        for notice in campaign.notices {
            if let updated = notice.updated, updated.instant(in: zone, endOfDay: true) < notice.date.instant(in: zone) {
                diagnostics.warning(at: notice.updatedLocation ?? SourceLocation(file: notice.page.file), "`updated` 早于发文日期 `date`",
                                    hint: "更正日期应当在发文日期之后")
            }
        }
    }
}
