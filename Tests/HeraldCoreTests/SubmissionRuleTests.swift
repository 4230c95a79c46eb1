import Foundation
import Testing
@testable import HeraldCore

/// Each test breaks exactly one rule of the contest notice in a copy of the valid contest fixture and
/// checks the error: its file, line, the contestant it names, and that it is the only error.
@Suite struct SubmissionRuleTests {
    private func onlyError(_ site: SiteCopy, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Diagnostic {
        let errors = site.check().sorted.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors.map(\.summaryLine))", sourceLocation: sourceLocation)
        return try #require(errors.first, sourceLocation: sourceLocation)
    }

    @Test func validContestHasNoErrorsOrWarnings() {
        let diagnostics = BuildPipeline(options: BuildOptions(contentDirectory: Fixtures.contestContent, layoutsDirectory: nil,
                                                              now: Fixtures.instant("2024-08-10"))).check().diagnostics
        #expect(diagnostics.sorted.isEmpty, "\(diagnostics.sorted.map(\.summaryLine))")
    }

    @Test func unitOverItsKindsQuota() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/contestants/hefei.yml", "  - id: hf-002", with: """
              - {id: hf-003, name: 第三人, employer: 某厂, song: 歌, video: media/singers/portrait.mp4, cover: media/singers/cover.jpg, submitted_at: 2024-07-01}
              - id: hf-002
            """)
        let error = try onlyError(site)
        #expect(error.location.file == site.file("contest/contestants/hefei.yml"))
        #expect(error.location.line == 17, "the entry past the quota (hf-002 is now third)")
        #expect(error.message.contains("李红（hf-002，合肥市总工会）"))
        #expect(error.message.contains("报送 3 名，超过市总工会最多 2 名的名额"))
    }

    @Test func moreThanTheRematchCapacity() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/contest.yml", "capacity: 6", with: "capacity: 4")
        let error = try onlyError(site)
        // Files are read in name order: chery, guangde, hefei (2), power — the fifth entry is pw-001.
        #expect(error.location == SourceLocation(file: site.file("contest/contestants/power.yml"), line: 3, column: 5))
        #expect(error.message.contains("钱二（pw-001") && error.message.contains("超过 4 名的上限"))
    }

    @Test func duplicateID() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/contestants/power.yml", "id: pw-001", with: "id: hf-001")
        try site.replace(in: "contest/results/rematch.yml", "  - {id: pw-001, votes: 15000, judges: [80, 81, 82, 83, 84]}\n", with: "")
        let error = try onlyError(site)
        #expect(error.location == SourceLocation(file: site.file("contest/contestants/power.yml"), line: 3, column: 5))
        #expect(error.message.contains("编号与") && error.message.contains("hefei.yml:3 的 王小明 重复"))
    }

    @Test func samePersonTwiceAcrossUnits() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/contestants/power.yml", "name: 钱二", with: "name: 王小明")
        try site.replace(in: "contest/contestants/power.yml", "employer: 国网安徽省电力有限公司", with: "employer: 合肥市某某物流有限公司 ")
        let error = try onlyError(site)
        #expect(error.location == SourceLocation(file: site.file("contest/contestants/power.yml"), line: 3, column: 5))
        #expect(error.message.contains("同一人"))
    }

    @Test func samePersonDespiteFullwidthLetters() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/contestants/power.yml", "name: 钱二", with: "name: 王小明")
        try site.replace(in: "contest/contestants/hefei.yml", "employer: 合肥市某某物流有限公司", with: "employer: 合肥市某某物流有限公司（ABC）")
        try site.replace(in: "contest/contestants/power.yml", "employer: 国网安徽省电力有限公司", with: "employer: 合肥市某某物流有限公司(ａｂｃ)")
        #expect(try onlyError(site).message.contains("同一人"))
    }

    /// `Contestant.personKey` skips ICU's transform for scalars it never changes: every one of them, checked.
    @Test func scalarsTakenAsTheyAreAreLeftAloneByTheWidthTransform() {
        var changed: [String] = []
        for value in UInt32(0)...0x9FFF {
            guard let scalar = Unicode.Scalar(value), Contestant.keepsWidth(scalar) else { continue }
            let text = String(Character(scalar))
            if text.applyingTransform(.fullwidthToHalfwidth, reverse: false) != text { changed.append(String(value, radix: 16)) }
        }
        #expect(changed.isEmpty, "changed by the transform: \(changed.prefix(20))")
        #expect(!Contestant.keepsWidth("Ａ") && !Contestant.keepsWidth("　") && !Contestant.keepsWidth("（"))
    }

    @Test func duetUnderSoloOnly() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/contestants/hefei.yml", "song: 我爱你中国\n    video: media/singers/portrait.mov\n    cover: media/singers/cover.jpg\n    performers: 1",
                         with: "song: 我爱你中国\n    video: media/singers/portrait.mov\n    cover: media/singers/cover.jpg\n    performers: 2")
        let error = try onlyError(site)
        #expect(error.location == SourceLocation(file: site.file("contest/contestants/hefei.yml"), line: 23, column: 5))
        #expect(error.message.contains("李红") && error.message.contains("只接受独唱"))
    }

    @Test func videoInAnotherFormat() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.copyMedia("portrait.mp4", to: "media/singers/clip.avi")
        try site.replace(in: "contest/contestants/guangde.yml", "media/singers/portrait.mp4", with: "media/singers/clip.avi")
        let error = try onlyError(site)
        #expect(error.location == SourceLocation(file: site.file("contest/contestants/guangde.yml"), line: 8, column: 5))
        #expect(error.message.contains("视频格式“avi”不符合要求"))
    }

    @Test func videoOverTheSizeLimitByItsRealSize() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/contest.yml", "max_size_mb: 30", with: "max_size_mb: 1")
        // A valid movie made larger than 1 MB by a trailing `free` box.
        var movie = try Data(contentsOf: Fixtures.root.appendingPathComponent("media/portrait.mp4"))
        let padding = 1_200_000
        movie += Data([UInt8((padding >> 24) & 0xFF), UInt8((padding >> 16) & 0xFF), UInt8((padding >> 8) & 0xFF), UInt8(padding & 0xFF)])
        movie += Data("free".utf8) + Data(count: padding - 8)
        try movie.write(to: URL(fileURLWithPath: site.file("media/singers/big.mp4")))
        try site.replace(in: "contest/contestants/guangde.yml", "media/singers/portrait.mp4", with: "media/singers/big.mp4")
        let error = try onlyError(site)
        #expect(error.location.line == 8)
        #expect(error.message.contains("视频大小 1.1 MB，超过 1 MB 的上限"))
    }

    @Test func videoLongerThanAllowedByItsHeader() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.copyMedia("long.mp4", to: "media/singers/long.mp4")
        try site.replace(in: "contest/contestants/guangde.yml", "media/singers/portrait.mp4", with: "media/singers/long.mp4")
        let errors = site.check().sorted.filter { $0.severity == .error }
        let error = try #require(errors.first { $0.message.contains("时长") })
        #expect(error.location.line == 8)
        #expect(error.message.contains("超过 5 分钟 的上限"))
    }

    @Test func aFragmentedVideoWhoseDurationCannotBeReadIsAWarning() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.copyMedia("fragmented.mp4", to: "media/singers/fragmented.mp4")
        try site.replace(in: "contest/contestants/guangde.yml", "media/singers/portrait.mp4", with: "media/singers/fragmented.mp4")
        let found = site.check().sorted
        #expect(!found.contains { $0.severity == .error }, "\(found.map(\.summaryLine))")
        let warning = try #require(found.first { $0.message.contains("无法从视频文件头读出时长") })
        #expect(warning.location.line == 8)
    }

    @Test func aUnitKindWithoutAQuotaIsAWarning() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/contest.yml", "county: 1, ", with: "")
        let found = site.check().sorted
        #expect(!found.contains { $0.severity == .error })
        let warning = try #require(found.first { $0.message.contains("`quotas` 里没有") })
        #expect(warning.location.file.hasSuffix("contest.yml") && warning.message.contains("广德市总工会"))
    }

    @Test func landscapeVideo() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.copyMedia("landscape.mp4", to: "media/singers/landscape.mp4")
        try site.replace(in: "contest/contestants/guangde.yml", "media/singers/portrait.mp4", with: "media/singers/landscape.mp4")
        let error = try onlyError(site)
        #expect(error.location.line == 8)
        #expect(error.message.contains("视频是横屏（显示为 128×72），须为竖屏 9:16"))
    }

    @Test func aLandscapeContestRefusesPortraitVideos() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/contest.yml", "aspect: \"9:16\"", with: "aspect: \"16:9\"")
        try site.copyMedia("landscape.mp4", to: "media/singers/landscape.mp4")
        for file in ["hefei.yml", "chery.yml", "power.yml"] {
            let text = try String(contentsOfFile: site.file("contest/contestants/" + file), encoding: .utf8)
            try text.replacingOccurrences(of: "media/singers/portrait.mp4", with: "media/singers/landscape.mp4")
                .replacingOccurrences(of: "media/singers/portrait.mov", with: "media/singers/landscape.mp4")
                .replacingOccurrences(of: "media/singers/rotated.mp4", with: "media/singers/landscape.mp4")
                .write(toFile: site.file("contest/contestants/" + file), atomically: true, encoding: .utf8)
        }
        let error = try onlyError(site)   // guangde.yml still sends its portrait video
        #expect(error.location.line == 8 && error.message.contains("视频是竖屏（显示为 72×128），须为横屏 16:9"))
    }

    @Test func rotatedLandscapeTrackPlaysPortraitAndPasses() throws {
        // power.yml's video is stored 128×72 with a 90° matrix: the valid fixture already uses it.
        let header = try VideoHeaderReader.read(path: Fixtures.contestContent + "/media/singers/rotated.mp4")
        #expect(header.trackWidth == 128 && header.rotation == 90 && header.isPortrait)
    }

    @Test func submittedAfterTheDeadline() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/contestants/hefei.yml", "2024-07-31T23:59:00+08:00", with: "2024-07-31T23:59:01+08:00")
        let error = try onlyError(site)
        #expect(error.location == SourceLocation(file: site.file("contest/contestants/hefei.yml"), line: 24, column: 5))
        #expect(error.message.contains("晚于截稿时间 2024年7月31日 23:59"))
    }

    @Test func missingCoverAndVideoFiles() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/contestants/chery.yml", "video: media/singers/portrait.mp4", with: "video: media/singers/nope.mp4")
        try site.replace(in: "contest/contestants/chery.yml", "cover: media/singers/cover.jpg", with: "cover: media/singers/nope.jpg")
        let errors = site.check().sorted.filter { $0.severity == .error }
        #expect(errors.map(\.location.line) == [8, 9])
        #expect(errors[0].message.contains("找不到视频文件 media/singers/nope.mp4"))
        #expect(errors[1].message.contains("找不到封面图片 media/singers/nope.jpg"))
    }

    @Test func unknownUnit() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/contestants/chery.yml", "unit: chery", with: "unit: cherry")
        let error = try onlyError(site)
        #expect(error.location == SourceLocation(file: site.file("contest/contestants/chery.yml"), line: 1, column: 1))
        #expect(error.message.contains("“cherry”不在 units.yml 中"))
        #expect(error.hint == "是不是 `chery`？")
    }

    @Test func resultsEntryForUnknownContestant() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/results/rematch.yml", "id: cr-001", with: "id: cr-009")
        let error = try onlyError(site)
        #expect(error.location == SourceLocation(file: site.file("contest/results/rematch.yml"), line: 7, column: 5))
        #expect(error.message.contains("“cr-009”不是报名选手"))
    }

    @Test func truncatedVideoIsAnErrorNamingTheFile() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.copyMedia("truncated.mp4", to: "media/singers/cut.mp4")
        try site.replace(in: "contest/contestants/guangde.yml", "media/singers/portrait.mp4", with: "media/singers/cut.mp4")
        let error = try onlyError(site)
        #expect(error.message.contains("无法读取视频 media/singers/cut.mp4：文件不完整"))
    }

    @Test func videoURLIsAWarningOnly() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/contestants/guangde.yml", "media/singers/portrait.mp4", with: "https://cdn.example.org/gd-001.mp4")
        let diagnostics = site.check().sorted
        #expect(!diagnostics.contains { $0.severity == .error })
        #expect(diagnostics.first?.message.contains("视频是网址，无法核对") == true)
    }

    @Test func landscapeCoverIsAWarning() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let wide = Fixtures.scratch().appendingPathComponent("wide.png")
        try Data(base64Encoded: Self.landscapePNG)!.write(to: wide)
        try FileManager.default.copyItem(atPath: wide.path, toPath: site.file("media/singers/wide.png"))
        try site.replace(in: "contest/contestants/guangde.yml", "cover: media/singers/cover.jpg", with: "cover: media/singers/wide.png")
        let diagnostics = site.check().sorted
        #expect(!diagnostics.contains { $0.severity == .error })
        let warning = try #require(diagnostics.first)
        #expect(warning.location.line == 9)
        #expect(warning.message.contains("封面不是竖图（显示为 4×2）"))
    }

    @Test func unreadableCoverIsAnError() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.write("media/singers/broken.jpg", "not an image")
        try site.replace(in: "contest/contestants/guangde.yml", "cover: media/singers/cover.jpg", with: "cover: media/singers/broken.jpg")
        let error = try onlyError(site)
        #expect(error.message.contains("无法识别的图片文件"))
    }

    /// A 4×2 PNG.
    static let landscapePNG = "iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAIAAADwyuo0AAAADklEQVR4nGNoQAIMyBwAnBoMATyCc0QAAAAASUVORK5CYII="

    @Test func everyBrokenRuleIsReportedInOneRun() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/contest.yml", "capacity: 6", with: "capacity: 4")
        try site.replace(in: "contest/contestants/chery.yml", "unit: chery", with: "unit: cherry")
        try site.replace(in: "contest/results/rematch.yml", "id: cr-001", with: "id: cr-009")
        try site.replace(in: "contest/contestants/hefei.yml", "2024-07-31T23:59:00+08:00", with: "2024-08-01")
        let errors = site.check().sorted.filter { $0.severity == .error }
        #expect(errors.count == 4, "\(errors.map(\.summaryLine))")
    }

    @Test func weightsMustAddUpToOneHundred() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        try site.replace(in: "contest/contest.yml", "weights: {votes: 40, judges: 60}", with: "weights: {votes: 40, judges: 50}")
        let error = try onlyError(site)
        #expect(error.message.contains("权重合计为 90%，应为 100%"))
    }
}

/// Media headers read by an earlier build are taken by the files' identities, and a file replaced under
/// the same name is read again.
@Suite struct MediaHeaderCacheTests {
    private func check(_ site: SiteCopy, cache: URL) -> (Diagnostics, MediaHeaderCache) {
        let content = ContentDirectory(root: site.path)
        var diagnostics = Diagnostics()
        let contest = ContestLoader(content: content).load(into: &diagnostics)
        var checker = SubmissionChecker(contest: contest!, content: content, timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let media = MediaHeaderCache(cacheDirectory: cache.path, contentRoot: content.root, settling: 0)
        checker.mediaCache = media
        checker.check(into: &diagnostics)
        media.save()
        return (diagnostics, media)
    }

    @Test func headersComeFromTheCacheUntilTheFileChanges() throws {
        let site = try SiteCopy(of: Fixtures.contestContent)
        let cache = Fixtures.scratch().appendingPathComponent(".herald-cache")
        let (fresh, first) = check(site, cache: cache)
        #expect(first.videos.hits == 0)
        let (cached, second) = check(site, cache: cache)
        #expect(second.videos.hits > 0 && second.images.hits > 0, "read from the cache")
        #expect(cached.sorted == fresh.sorted)

        // Another video under the same name: read again, and its length is checked.
        try site.copyMedia("long.mp4", to: "media/singers/portrait.mp4")
        let (changed, _) = check(site, cache: cache)
        #expect(changed.items.contains { $0.severity == .error && $0.message.contains("超过 5 分钟 的上限") })
    }
}
