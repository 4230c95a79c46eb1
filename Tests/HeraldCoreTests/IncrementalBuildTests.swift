import Foundation
import Testing
@testable import HeraldCore

/// A rebuild leaves identical files untouched (same inode and modification time), so rsync and CDN
/// uploads send only what changed; a rebuild with no change does not touch output/ at all.
@Suite struct IncrementalBuildTests {
    private func identity(_ url: URL) throws -> (inode: UInt64, modified: Date) {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return ((attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0, attributes[.modificationDate] as? Date ?? .distantPast)
    }

    @Test func unchangedFilesKeepTheirIdentityAndOnlyChangesAreWritten() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let output = Fixtures.scratch().appendingPathComponent("output")
        let first = Fixtures.build(content: site.path, output: output)
        #expect(first.succeeded && first.filesUnchanged == 0)
        let files = Fixtures.files(in: output)
        let before = try Dictionary(uniqueKeysWithValues: files.map { ($0, try identity(output.appendingPathComponent($0))) })
        let folder = try identity(output)

        let same = Fixtures.build(content: site.path, output: output)
        #expect(same.filesUnchanged == same.filesWritten, "nothing changed")
        #expect(try identity(output).inode == folder.inode, "output/ itself was not replaced")

        try site.replace(in: "notices/contest.md", "报名截至2024年7月31日。", with: "报名截至2024年7月31日，逾期不候。")
        let edited = Fixtures.build(content: site.path, output: output)
        #expect(edited.succeeded)
        var rewritten: [String] = []
        for file in files {
            let now = try identity(output.appendingPathComponent(file))
            if now.inode != before[file]?.inode { rewritten.append(file) }
        }
        #expect(rewritten.contains("notices/contest/index.html"))
        #expect(!rewritten.contains("contest/singers/hf-001/index.html"))
        #expect(!rewritten.contains { $0.hasPrefix("media/") }, "media and thumbnails are linked, not copied again")
        #expect(rewritten.count == edited.filesWritten - edited.filesUnchanged)
        #expect(rewritten.count < 12, "only the notice, the lists, home and the feeds: \(rewritten)")
    }

    // MARK: - Pages not rendered again (the output manifest in the cache folder)

    private func build(_ content: String, into output: URL, cache: URL?, layouts: String? = nil,
                       now: String = "2024-08-10T12:00:00+08:00") -> BuildReport {
        BuildPipeline(options: BuildOptions(contentDirectory: content, layoutsDirectory: layouts, outputDirectory: output.path,
                                            now: Fixtures.instant(now), cacheDirectory: cache?.path)).build()
    }

    /// A scratch folder with the output folder and the cache folder of the builds under test.
    private func workspace(_ name: String = #function) -> (scratch: URL, output: URL, cache: URL) {
        let scratch = Fixtures.scratch(name)
        return (scratch, scratch.appendingPathComponent("output"), scratch.appendingPathComponent(".herald-cache"))
    }

    /// A site's own `layouts/` folder in `scratch`, overriding the theme's footer when `footer` is given.
    private func siteLayouts(in scratch: URL, footer: String? = nil) throws -> URL {
        let layouts = scratch.appendingPathComponent("layouts")
        try FileManager.default.createDirectory(at: layouts, withIntermediateDirectories: true)
        try footer?.write(to: layouts.appendingPathComponent("footer.mustache"), atomically: true, encoding: .utf8)
        return layouts
    }

    /// `output` holds byte for byte what a clean build of `site` (no cache, no previous output) gives.
    private func expectSameAsCleanBuild(_ site: String, _ output: URL, in clean: URL, now: String = "2024-08-10T12:00:00+08:00",
                                        sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        try? FileManager.default.removeItem(at: clean)
        #expect(build(site, into: clean, cache: nil, now: now).succeeded, sourceLocation: sourceLocation)
        expectSameFiles(output, clean, sourceLocation: sourceLocation)
    }

    /// Every file of both folders, byte for byte.
    private func expectSameFiles(_ first: URL, _ second: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let files = Fixtures.files(in: first)
        #expect(files == Fixtures.files(in: second), sourceLocation: sourceLocation)
        for file in files {
            let a = FileManager.default.contents(atPath: first.appendingPathComponent(file).path)
            let b = FileManager.default.contents(atPath: second.appendingPathComponent(file).path)
            #expect(a == b, "\(file) differs", sourceLocation: sourceLocation)
        }
    }

    @Test func unchangedPagesAreNotRenderedAndTheSiteIsTheSameAsACleanBuild() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let (scratch, output, cache) = workspace()
        let first = build(site.path, into: output, cache: cache)
        #expect(first.succeeded && first.pagesReused == 0)

        let same = build(site.path, into: output, cache: cache)
        #expect(same.succeeded)
        #expect(same.pagesReused == same.pagesWritten, "no page needed rendering")
        #expect(same.filesUnchanged == same.filesWritten)

        try site.replace(in: "notices/contest.md", "报名截至2024年7月31日。", with: "报名截至2024年7月31日，逾期不候。")
        let edited = build(site.path, into: output, cache: cache)
        #expect(edited.succeeded)
        #expect(edited.pagesReused < edited.pagesWritten, "the edited notice is rendered")
        #expect(edited.pagesReused > edited.pagesWritten / 2, "singer pages are not")
        #expect(Fixtures.text(output, "notices/contest/index.html").contains("逾期不候"))

        expectSameAsCleanBuild(site.path, output, in: scratch.appendingPathComponent("clean"))
    }

    @Test func aLinkWhoseTargetIsWithdrawnIsRenderedAgainThoughItsTextIsUnchanged() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.write("notices/later.md", "---\ntitle: 补充通知\ndate: 2024-07-01\n---\n\n详见[报名通知](contest.md)。\n")
        let (scratch, output, cache) = workspace()
        #expect(build(site.path, into: output, cache: cache).succeeded)
        #expect(Fixtures.text(output, "notices/later/index.html").contains("href=\"../contest/\""))

        // The notice it links to is withdrawn; the linking notice's text stays the same, its link must go.
        try site.replace(in: "notices/contest.md", "date: 2024-06-25", with: "date: 2024-06-25\ndraft: true")
        let withdrawn = build(site.path, into: output, cache: cache)
        #expect(withdrawn.succeeded)
        #expect(!Fixtures.text(output, "notices/later/index.html").contains("href=\"../contest/\""))
        #expect(Fixtures.text(output, "notices/later/index.html").contains("详见报名通知"))
        let warning = "指向的页面尚未发布"
        #expect(withdrawn.diagnostics.items.filter { $0.message.contains(warning) }.count == 1)
        expectSameAsCleanBuild(site.path, output, in: scratch.appendingPathComponent("clean"))

        // Built again unchanged, from what the last build rendered: the message is given again, once.
        let again = build(site.path, into: output, cache: cache)
        #expect(again.diagnostics.items.filter { $0.message.contains(warning) }.count == 1)

        // And back: the link returns.
        try site.replace(in: "notices/contest.md", "\ndraft: true", with: "")
        #expect(build(site.path, into: output, cache: cache).succeeded)
        #expect(Fixtures.text(output, "notices/later/index.html").contains("href=\"../contest/\""))
        expectSameAsCleanBuild(site.path, output, in: scratch.appendingPathComponent("clean"))
    }

    /// Singer pages and the gallery are not made at all when what they show did not change (one
    /// fingerprint stands for them all): each change to something they show still reaches them.
    @Test func singerPagesFollowEveryChangeToWhatTheyShow() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let (scratch, output, cache) = workspace()
        let clean = scratch.appendingPathComponent("clean")
        #expect(build(site.path, into: output, cache: cache).succeeded)
        let singers = Fixtures.files(in: output).filter { $0.hasPrefix("contest/singers/") && $0.hasSuffix(".html") }
        #expect(singers.count >= 4)

        try site.replace(in: "notices/contest.md", "报名截至2024年7月31日。", with: "报名截至2024年7月31日，逾期不候。")
        let notice = build(site.path, into: output, cache: cache)
        #expect(notice.pagesReused >= singers.count + 1, "a notice's edit leaves every singer page and the gallery alone")

        let edits: [(file: String, old: String, new: String, shows: String, page: String)] = [
            ("contest/contestants/hefei.yml", "song: 我和我的祖国", "song: 我爱你中国", "我爱你中国", "contest/singers/hf-001/index.html"),
            ("contest/contestants/hefei.yml", "bio: 每天骑行一百公里的**快递小哥**。", "bio: 每天骑行两百公里。", "每天骑行两百公里", "contest/singers/hf-001/index.html"),
            ("contest/units.yml", "合肥市总工会", "合肥市总工会（测试）", "合肥市总工会（测试）", "contest/singers/hf-002/index.html"),
            ("site.yml", "title: ", "title: 改名后的", "改名后的", "contest/singers/gd-001/index.html"),
        ]
        for edit in edits {
            try site.replace(in: edit.file, edit.old, with: edit.new)
            #expect(build(site.path, into: output, cache: cache).succeeded)
            #expect(Fixtures.text(output, edit.page).contains(edit.shows), "\(edit.file): \(edit.new)")
            expectSameAsCleanBuild(site.path, output, in: clean)
        }
        // Time moves on: voting closes and the rematch results are published (badges, scores).
        for now in ["2024-07-01T12:00:00+08:00", "2024-09-30T12:00:00+08:00", "2025-03-01T12:00:00+08:00"] {
            #expect(build(site.path, into: output, cache: cache, now: now).succeeded)
            expectSameAsCleanBuild(site.path, output, in: clean, now: now)
        }
    }

    /// Thumbnails the last build wrote are taken from `output/` as they are (their names come from the
    /// covers' bytes); one changed there by hand is made again, and a replaced cover gets new ones.
    @Test func thumbnailsAreTakenFromTheLastOutputUnlessChangedThere() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let (scratch, output, cache) = workspace()
        #expect(build(site.path, into: output, cache: cache).succeeded)
        let thumbs = output.appendingPathComponent("media/thumbs")
        let names = Fixtures.files(in: thumbs)
        #expect(names.count == 4)
        let kept = build(site.path, into: output, cache: cache)
        #expect(kept.imagesEncoded == 0 && kept.imagesReused == 4)

        let edited = thumbs.appendingPathComponent(names[0])
        let original = try Data(contentsOf: edited)
        try FileManager.default.removeItem(at: edited)
        try Data("not a picture".utf8).write(to: edited)
        #expect(build(site.path, into: output, cache: cache).succeeded)
        #expect(try Data(contentsOf: edited) == original, "made again from the cache, not trusted")

        try FileManager.default.removeItem(atPath: site.file("media/singers/cover.jpg"))
        try FileManager.default.copyItem(at: Fixtures.root.appendingPathComponent("images/portrait.jpg"),
                                         to: URL(fileURLWithPath: site.file("media/singers/cover.jpg")))
        #expect(build(site.path, into: output, cache: cache).succeeded)
        #expect(Set(Fixtures.files(in: thumbs)).isDisjoint(with: names), "a new picture, new names")
        expectSameAsCleanBuild(site.path, output, in: scratch.appendingPathComponent("clean"))
    }

    /// Media copied from `content/` (videos can be 100 MB) are linked from the last output without reading
    /// either file while their source is as it was; a source rewritten in place (same size, mtime set
    /// back) or a copy changed in `output/` is copied again.
    @Test func copiedMediaFollowTheirSourcesWithoutBeingReadAgain() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let (scratch, output, cache) = workspace()
        Thread.sleep(forTimeInterval: 2.2)   // sources changed in the last two seconds are compared, not stamped
        #expect(build(site.path, into: output, cache: cache).succeeded)
        let video = output.appendingPathComponent("media/singers/portrait.mp4")
        let before = try identity(video)
        #expect(build(site.path, into: output, cache: cache).succeeded)
        #expect(try identity(video).inode == before.inode, "linked, not copied")

        // The same number of bytes written over the source, its modification time set back.
        let source = site.file("media/singers/portrait.mp4")
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source)))
        let modified = try FileManager.default.attributesOfItem(atPath: source)[.modificationDate] as? Date
        bytes[bytes.count - 1] ^= 0xFF
        let handle = try #require(FileHandle(forWritingAtPath: source))
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: modified as Any], ofItemAtPath: source)
        Thread.sleep(forTimeInterval: 2.2)   // settled again: only its status-change time tells
        #expect(build(site.path, into: output, cache: cache).succeeded)
        #expect(try Data(contentsOf: video) == Data(bytes), "the rewritten source is copied again")

        // A copy changed in output/ by hand is replaced.
        try FileManager.default.removeItem(at: video)
        try Data("edited".utf8).write(to: video)
        #expect(build(site.path, into: output, cache: cache).succeeded)
        #expect(try Data(contentsOf: video) == Data(bytes))
        expectSameAsCleanBuild(site.path, output, in: scratch.appendingPathComponent("clean"))
    }

    @Test func aPageChangedInOutputIsRenderedAgain() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let (_, output, cache) = workspace()
        #expect(build(site.path, into: output, cache: cache).succeeded)
        let page = output.appendingPathComponent("contest/singers/hf-001/index.html")
        let original = try Data(contentsOf: page)
        try FileManager.default.removeItem(at: page)
        try Data("edited by hand".utf8).write(to: page)

        let rebuilt = build(site.path, into: output, cache: cache)
        #expect(rebuilt.succeeded)
        #expect(try Data(contentsOf: page) == original, "the page is rendered again, not trusted")
        #expect(rebuilt.pagesReused == rebuilt.pagesWritten - 1)
    }

    @Test func aChangedLayoutRendersEveryPage() throws {
        let (scratch, output, cache) = workspace()
        let layouts = try siteLayouts(in: scratch)
        #expect(build(Fixtures.validContent, into: output, cache: cache, layouts: layouts.path).succeeded)
        _ = try siteLayouts(in: scratch, footer: "<footer><p>另一个页脚</p></footer>\n")
        let rebuilt = build(Fixtures.validContent, into: output, cache: cache, layouts: layouts.path)
        #expect(rebuilt.succeeded)
        #expect(rebuilt.pagesReused == 0)
        #expect(Fixtures.text(output, "index.html").contains("另一个页脚"))
    }

    @Test func anAnchorRemovedFromAPageIsCaughtThoughThePageLinkingToItIsUnchanged() throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        try site.write("notices/with-note.md", "---\ntitle: 带注释的通知\ndate: 2024-05-01\n---\n正文[^1]。\n\n[^1]: 注释。\n")
        try site.write("notices/pointer.md", "---\ntitle: 引用注释的通知\ndate: 2024-05-02\n---\n见[那条注释](with-note.md#fn-1)。\n")
        let (_, output, cache) = workspace()
        let first = build(site.path, into: output, cache: cache)
        #expect(first.succeeded, "\(first.diagnostics.sorted.map(\.message))")

        try site.write("notices/with-note.md", "---\ntitle: 带注释的通知\ndate: 2024-05-01\n---\n正文，没有注释了。\n")
        let second = build(site.path, into: output, cache: cache)
        #expect(!second.succeeded)
        #expect(second.diagnostics.sorted.contains { $0.message.contains("notices/pointer/index.html") && $0.message.contains("#fn-1") })
    }

    @Test func aFileGoneFromTheSiteIsCaughtOnPagesThatWereNotRenderedAgain() throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        let (scratch, output, cache) = workspace()
        let layouts = try siteLayouts(in: scratch, footer: "<footer><p><a href=\"{{page.root}}media/rules.pdf\">活动规则</a></p></footer>\n")
        let first = build(site.path, into: output, cache: cache, layouts: layouts.path)
        #expect(first.succeeded, "\(first.diagnostics.sorted.map(\.message))")

        // The only content link to the file goes: the file is no longer published, and every page's
        // footer — unchanged, so not rendered — now points at nothing.
        try site.replace(in: "notices/2024-05-first.md", "  - {title: 活动规则, href: ../media/rules.pdf}\n", with: "")
        let second = build(site.path, into: output, cache: cache, layouts: layouts.path)
        #expect(!second.succeeded)
        #expect(second.diagnostics.sorted.contains { $0.message.contains("生成的页面 projects/index.html") && $0.message.contains("media/rules.pdf") })
    }

    // MARK: - The spare: the output before last, reused as the next staging folder

    @Test func theSpareIsUpdatedByReplacingFilesNeverByWritingIntoThem() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let (scratch, output, cache) = workspace()
        let spare = scratch.appendingPathComponent(".output.herald-spare")
        try site.write("notices/extra.md", "---\ntitle: 另一则通知\ndate: 2024-05-03\n---\n正文。\n")
        #expect(build(site.path, into: output, cache: cache).succeeded)
        #expect(build(site.path, into: output, cache: cache).succeeded)
        // No change: the spare is the staged copy, hard links to the files in output/.
        #expect(FileManager.default.fileExists(atPath: spare.appendingPathComponent("notices/contest/index.html").path))

        try site.replace(in: "notices/contest.md", "报名截至2024年7月31日。", with: "报名截至2024年7月31日，逾期不候。")
        try FileManager.default.removeItem(atPath: site.file("notices/extra.md"))
        #expect(build(site.path, into: output, cache: cache).succeeded)
        #expect(Fixtures.text(output, "notices/contest/index.html").contains("逾期不候"))
        // The spare now holds the previous output: had the page been written into the linked file,
        // the live output would have changed before the swap, and the spare would show the new text.
        #expect(!Fixtures.text(spare, "notices/contest/index.html").contains("逾期不候"))
        #expect(!Fixtures.files(in: output).contains("notices/extra/index.html"), "a page whose source is gone is gone")

        expectSameAsCleanBuild(site.path, output, in: scratch.appendingPathComponent("clean"))

        // And once more from that spare (which had the removed page): nothing extra reappears.
        try site.replace(in: "notices/contest.md", "逾期不候", with: "逾期不再受理")
        #expect(build(site.path, into: output, cache: cache).succeeded)
        expectSameAsCleanBuild(site.path, output, in: scratch.appendingPathComponent("clean-again"))
    }

    @Test func aSpareFileThatIsTheLiveFileIsKeptAndAnyOtherIsReplaced() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let (scratch, output, cache) = workspace()
        let spare = scratch.appendingPathComponent(".output.herald-spare")
        let singer = "contest/singers/hf-001/index.html"
        let gallery = "contest/gallery/index.html"
        #expect(build(site.path, into: output, cache: cache).succeeded)
        #expect(build(site.path, into: output, cache: cache).succeeded)
        try site.replace(in: "notices/contest.md", "报名截至2024年7月31日。", with: "报名截至2024年7月31日，逾期不候。")
        #expect(build(site.path, into: output, cache: cache).succeeded)
        // Unchanged pages are one file in both folders (the spare holds hard links to the live output).
        #expect(try identity(spare.appendingPathComponent(singer)).inode == identity(output.appendingPathComponent(singer)).inode)

        // A spare file replaced by another (same name, another inode) is not taken for the live one.
        let stray = spare.appendingPathComponent(gallery)
        try FileManager.default.removeItem(at: stray)
        try Data("not the gallery".utf8).write(to: stray)
        try site.replace(in: "notices/contest.md", "逾期不候", with: "逾期不再受理")
        let rebuilt = build(site.path, into: output, cache: cache)
        #expect(rebuilt.succeeded)
        #expect(rebuilt.pagesReused > rebuilt.pagesWritten / 2)
        #expect(!Fixtures.text(output, gallery).contains("not the gallery"))
        #expect(try identity(spare.appendingPathComponent(singer)).inode == identity(output.appendingPathComponent(singer)).inode)
        expectSameAsCleanBuild(site.path, output, in: scratch.appendingPathComponent("clean"))
    }

    @Test func aFailedBuildLeavesOutputAloneAndTheNextOneIsWhole() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let (scratch, output, cache) = workspace()
        #expect(build(site.path, into: output, cache: cache).succeeded)
        #expect(build(site.path, into: output, cache: cache).succeeded)
        let before = Fixtures.files(in: output).map { Fixtures.text(output, $0) }

        try site.write("notices/broken.md", "---\ntitle: 坏链接\ndate: 2024-05-03\n---\n见[这里](nowhere.md)。\n")
        #expect(!build(site.path, into: output, cache: cache).succeeded)
        #expect(Fixtures.files(in: output).map { Fixtures.text(output, $0) } == before, "output/ untouched")

        try FileManager.default.removeItem(atPath: site.file("notices/broken.md"))
        try site.replace(in: "notices/contest.md", "报名截至2024年7月31日。", with: "报名截至2024年7月31日，逾期不候。")
        #expect(build(site.path, into: output, cache: cache).succeeded)
        expectSameAsCleanBuild(site.path, output, in: scratch.appendingPathComponent("clean"))
    }

    @Test func aSymlinkedOutputIsNeverWrittenThroughAndFailedBuildsLeaveItAlone() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let scratch = Fixtures.scratch()
        let www = scratch.appendingPathComponent("www"), output = scratch.appendingPathComponent("output")
        let cache = scratch.appendingPathComponent(".herald-cache")
        try FileManager.default.createDirectory(at: www, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: output, withDestinationURL: www)
        // The swap exchanges the link itself: output/ and the spare take turns being the link, so some
        // builds would stage into www/ through it, whose files share inodes with output/.
        var sentence = "报名截至2024年7月31日。"
        #expect(build(site.path, into: output, cache: cache).succeeded)
        for edited in ["报名截至2024年7月31日，逾期不候。", "报名截至2024年7月31日，逾期不再受理。"] {
            try site.replace(in: "notices/contest.md", sentence, with: edited)
            sentence = edited
            #expect(build(site.path, into: output, cache: cache).succeeded)
        }
        // (Compared through www/: the file listing does not follow the link.)
        let before = Fixtures.files(in: www).map { Fixtures.text(www, $0) }
        #expect(!before.isEmpty)

        let layouts = try siteLayouts(in: scratch, footer: "<footer><a href=\"{{page.root}}nowhere/\">坏</a></footer>\n")
        #expect(!build(site.path, into: output, cache: cache, layouts: layouts.path).succeeded)
        #expect(Fixtures.files(in: www).map { Fixtures.text(www, $0) } == before, "a failed build changed output/")
        // And the next good build succeeds (staging through the link, copying media onto files already
        // there failed every time).
        for _ in 0..<2 {
            let again = build(site.path, into: output, cache: cache)
            #expect(again.succeeded, "\(again.diagnostics.sorted.map(\.message))")
        }
        let clean = scratch.appendingPathComponent("clean")
        #expect(build(site.path, into: clean, cache: nil).succeeded)
        // The link stays a link, and the site is in the folder it names.
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: output.path)) == www.path)
        expectSameFiles(www, clean)
    }

    @Test func filesAddedToOutputByHandGoEvenWhenCoversShareThumbnails() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        // Two covers with the same bytes: their thumbnails have the same names.
        try FileManager.default.copyItem(atPath: site.file("media/singers/cover.jpg"), toPath: site.file("media/singers/cover-2.jpg"))
        let text = try String(contentsOfFile: site.file("contest/contestants/hefei.yml"), encoding: .utf8)
        let second = try #require(text.range(of: "cover: media/singers/cover.jpg", options: .backwards))
        try text.replacingCharacters(in: second, with: "cover: media/singers/cover-2.jpg")
            .write(toFile: site.file("contest/contestants/hefei.yml"), atomically: true, encoding: .utf8)
        let (scratch, output, cache) = workspace()
        #expect(build(site.path, into: output, cache: cache).succeeded)
        // As many stray files as thumbnails written twice: counting files alone would not see them.
        for number in 0..<(CoverThumbnailer.defaultWidths.count * CoverThumbnail.Format.allCases.count) {
            try Data("stray".utf8).write(to: output.appendingPathComponent("stray-\(number).txt"))
        }
        #expect(build(site.path, into: output, cache: cache).succeeded)
        expectSameAsCleanBuild(site.path, output, in: scratch.appendingPathComponent("clean"))
    }

    @Test func aSpareFileWhereThisBuildNeedsAFolderIsReplaced() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let (scratch, output, cache) = workspace()
        #expect(build(site.path, into: output, cache: cache).succeeded)
        #expect(build(site.path, into: output, cache: cache).succeeded)   // the first output is now the spare
        let spare = scratch.appendingPathComponent(".output.herald-spare")
        try FileManager.default.removeItem(at: spare.appendingPathComponent("contest/singers"))
        try Data("a file where a parent of the singer pages goes".utf8).write(to: spare.appendingPathComponent("contest/singers"))
        try site.replace(in: "notices/contest.md", "报名截至2024年7月31日。", with: "报名截至2024年7月31日，逾期不候。")
        let rebuilt = build(site.path, into: output, cache: cache)
        #expect(rebuilt.succeeded, "\(rebuilt.diagnostics.sorted.map(\.message))")
        expectSameAsCleanBuild(site.path, output, in: scratch.appendingPathComponent("clean"))
    }
}

@Suite struct OutputManifestTests {
    @Test func aManifestReadsBackAsWritten() throws {
        let cache = Fixtures.scratch().appendingPathComponent(".herald-cache")
        var fingerprint = Fingerprint()
        fingerprint.add("页面")
        let awkward = "media/附件\t1%\r\n名.pdf"
        let manifest = OutputManifest(output: "/tmp/out put", entries: [
            "index.html": .init(identity: .init(size: 10, modified: 1_700_000_000_123_456_789, inode: 42), fingerprint: fingerprint,
                                fragmentLinks: [.init(target: "contest/gallery", isFolder: true, fragment: "unit-合肥\t",
                                                      link: "../../gallery/#unit-合肥%09"),
                                                .init(target: "a.html", isFolder: false, fragment: "x", link: "a.html#x")]),
            awkward: .init(identity: .init(size: 0, modified: 0, inode: 1), fingerprint: nil),
        ])
        try manifest.save(cacheDirectory: cache.path)
        let read = try #require(OutputManifest.load(cacheDirectory: cache.path, output: "/tmp/out put"))
        #expect(Set(read.files) == ["index.html", awkward])
        let page = try #require(read.entries["index.html"])
        #expect(page.identity == .init(size: 10, modified: 1_700_000_000_123_456_789, inode: 42))
        #expect(page.fingerprint == fingerprint)
        #expect(page.fragmentLinks == manifest.entries["index.html"]?.fragmentLinks)
        #expect(read.entries[awkward]?.fingerprint == nil)
        #expect(OutputManifest.load(cacheDirectory: cache.path, output: "/tmp/other") == nil, "another folder's manifest")
        let file = cache.appendingPathComponent(OutputManifest.fileName(for: "/tmp/out put"))
        var bytes = try [UInt8](Data(contentsOf: file))
        bytes[bytes.count / 2] ^= 0x20
        try Data(bytes).write(to: file)
        #expect(OutputManifest.load(cacheDirectory: cache.path, output: "/tmp/out put") == nil, "a damaged manifest is none")
    }
}
