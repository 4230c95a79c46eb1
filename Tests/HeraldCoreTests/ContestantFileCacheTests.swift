import Foundation
import Testing
@testable import HeraldCore

/// Contestant files are parsed once: a rebuild takes the files that did not change from the cache, with
/// the messages they gave, and reads the others.
@Suite struct ContestantFileCacheTests {
    private let files = ["chery.yml", "guangde.yml", "hefei.yml", "power.yml"]

    /// Sets every contestant file's modification time to one in 2023: files changed in the last two
    /// seconds are not cached.
    private func settle(_ site: SiteCopy, only: [String]? = nil) throws {
        for file in only ?? files {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)],
                                                  ofItemAtPath: site.file("contest/contestants/" + file))
        }
    }

    /// `settling: 0`: keeps files changed a moment ago (setting an mtime back changes the ctime to now).
    private func load(_ site: SiteCopy, cache folder: URL, settling: TimeInterval = 0) -> (Contest?, Diagnostics, hits: Int) {
        let content = ContentDirectory(root: site.path)
        let cache = ContestantFileCache(cacheDirectory: folder.path, contentRoot: content.root, yamlLimit: content.limits.yamlBytes,
                                        settling: settling)
        var diagnostics = Diagnostics()
        let contest = ContestLoader(content: content, cache: cache).load(into: &diagnostics)
        return (contest, diagnostics, cache.hits)
    }

    @Test func unchangedFilesComeFromTheCacheWithTheirMessages() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let cache = Fixtures.scratch().appendingPathComponent(".herald-cache")
        try site.replace(in: "contest/contestants/guangde.yml", "    submitted_at: 2024-07-01\n",
                         with: "    submitted_at: 2024-07-01\n    hobby: 唱歌\n    copyright_reserved: true\n    bio: 公交司机，**爱唱歌**\n")
        try settle(site)

        let (fresh, freshMessages, firstHits) = load(site, cache: cache)
        #expect(firstHits == 0)
        #expect(freshMessages.items.contains { $0.message.contains("hobby") }, "an unknown field is warned about")
        let stored = try #require(try FileManager.default.contentsOfDirectory(atPath: cache.path).first { $0.hasPrefix("contestants-") })
        let written = FileSystem.status(cache.appendingPathComponent(stored).path)?.identity
        let (cached, cachedMessages, hits) = load(site, cache: cache)
        #expect(hits == files.count)
        #expect(FileSystem.status(cache.appendingPathComponent(stored).path)?.identity == written, "nothing new: not rewritten")
        #expect(cached?.contestants == fresh?.contestants)
        #expect(!(fresh?.contestants.isEmpty ?? true))
        #expect(cachedMessages.sorted == freshMessages.sorted, "the warning is given again")

        // A changed file is read again; the others still come from the cache.
        try site.replace(in: "contest/contestants/guangde.yml", "name: 赵一", with: "name: 赵一一")
        try settle(site, only: ["guangde.yml"])
        let (changed, _, hitsAfterEdit) = load(site, cache: cache)
        #expect(hitsAfterEdit == files.count - 1)
        #expect(changed?.contestants.contains { $0.name == "赵一一" } == true)
        #expect(load(site, cache: cache).hits == files.count, "and is cached in turn")
    }

    @Test func aRewriteThatKeepsSizeMtimeAndInodeIsStillSeen() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let cache = Fixtures.scratch().appendingPathComponent(".herald-cache")
        try settle(site)
        _ = load(site, cache: cache)
        #expect(load(site, cache: cache).hits == files.count)
        // In place, same length (赵一 → 钱一), mtime set back: what `cp -p` or `rsync --inplace -t` do.
        let path = site.file("contest/contestants/guangde.yml")
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "赵一", with: "钱一")
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
        usleep(20_000)
        try settle(site, only: ["guangde.yml"])
        let (contest, _, hits) = load(site, cache: cache)
        #expect(hits == files.count - 1)
        #expect(contest?.contestants.contains { $0.name == "钱一" } == true)
    }

    @Test func aFileJustChangedIsNotCached() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let cache = Fixtures.scratch().appendingPathComponent(".herald-cache")
        _ = load(site, cache: cache, settling: 2)
        #expect(load(site, cache: cache, settling: 2).hits == 0, "copied a moment ago: a change within the same clock tick could go unseen")
    }

    @Test func aDamagedCacheIsIgnored() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let cache = Fixtures.scratch().appendingPathComponent(".herald-cache")
        try settle(site)
        let (fresh, _, _) = load(site, cache: cache)
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: cache.path).first { $0.hasPrefix("contestants-") })
        let url = cache.appendingPathComponent(file)
        let bytes = try Data(contentsOf: url)
        for damaged in [bytes.prefix(bytes.count - 7), bytes.prefix(40), Data(bytes.map { $0 == 0x01 ? 0x7F : $0 })] {
            try damaged.write(to: url)
            let (contest, messages, hits) = load(site, cache: cache)
            #expect(hits == 0)
            #expect(contest?.contestants == fresh?.contestants)
            #expect(!messages.hasErrors)
        }
    }

    @Test func aPayloadReadsBackAsWritten() {
        let file = "content/contest/contestants/hefei.yml"
        var first = Contestant(id: "hf-001", unit: "hefei", name: "王小明", employer: "合肥市某某物流有限公司", occupation: nil,
                               song: "我和我的祖国", video: "https://video.example.org/a.mp4", cover: "media/a.jpg", performers: 1,
                               submittedAt: CampaignDate(parsing: "2024-07-30T20:15:00+08:00"), copyrightReserved: true,
                               bio: "一句话\t介绍", location: SourceLocation(file: file, line: 3, column: 5),
                               fieldLocations: ["id": SourceLocation(file: file, line: 3, column: 9),
                                                "unit": SourceLocation(file: "elsewhere.yml", line: 1, column: 7)])
        var second = first
        second.id = "hf-002"
        second.employer = nil
        second.bio = nil
        second.submittedAt = CampaignDate(parsing: "2024-07-31")
        first.performers = 1000
        var messages = Diagnostics()
        messages.warning(at: SourceLocation(file: file, line: 9, column: 5), "未知字段“hobby”", hint: "删掉它")
        messages.error(at: SourceLocation(file: "other.yml"), "错误", hint: nil)

        let payload = ContestantFileCache.encode([first, second], messages, displayPath: file)
        let decoded = ContestantFileCache.decode(payload[...], displayPath: file)
        #expect(decoded?.0 == [first, second])
        #expect(decoded?.1.items == messages.items)
        #expect(ContestantFileCache.decode(payload.dropLast(), displayPath: file) == nil)
        #expect(ContestantFileCache.decode(payload[...] + [0], displayPath: file) == nil)
    }

    @Test func aSiteBuiltFromTheCacheIsTheSameAsOneBuiltWithout() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try settle(site)
        let scratch = Fixtures.scratch()
        let options = { (output: String, cache: String?) in
            BuildOptions(contentDirectory: site.path, layoutsDirectory: nil, outputDirectory: scratch.appendingPathComponent(output).path,
                         now: Fixtures.instant("2024-08-10T12:00:00+08:00"), cacheDirectory: cache)
        }
        let cache = scratch.appendingPathComponent(".herald-cache").path
        sleep(3)   // a build keeps only files left alone for two seconds (their ctime is now: settled a moment ago)
        #expect(BuildPipeline(options: options("first", cache)).build().succeeded)
        let cached = BuildPipeline(options: options("cached", cache)).build()
        let plain = BuildPipeline(options: options("plain", nil)).build()
        #expect(cached.succeeded && plain.succeeded)
        #expect(cached.diagnostics.sorted == plain.diagnostics.sorted)
        let files = Fixtures.files(in: scratch.appendingPathComponent("plain"))
        #expect(files == Fixtures.files(in: scratch.appendingPathComponent("cached")))
        for file in files {
            #expect(Fixtures.text(scratch.appendingPathComponent("plain"), file) == Fixtures.text(scratch.appendingPathComponent("cached"), file),
                    "\(file) differs")
        }
    }
}
