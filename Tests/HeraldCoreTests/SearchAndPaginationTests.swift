import Foundation
import Testing
@testable import HeraldCore

@Suite struct PaginationTests {
    @Test func noticeListIsPaginatedWithPrevAndNext() throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        try site.replace(in: "site.yml", "feed:", with: "paginate: 1\nfeed:")
        let output = Fixtures.scratch()
        let report = Fixtures.build(content: site.path, output: output)
        #expect(report.succeeded, "\(report.diagnostics.sorted.map(\.summaryLine))")
        // Two public notices at 2024-08-10: page 1 and page 2.
        let first = Fixtures.text(output, "notices/index.html")
        let second = Fixtures.text(output, "notices/page/2/index.html")
        #expect(first.contains("<link rel=\"next\" href=\"page/2/\">") && !first.contains("rel=\"prev\""))
        #expect(second.contains("<link rel=\"prev\" href=\"../../\">") && !second.contains("rel=\"next\""))
        #expect(second.contains("关于开展测试活动的通知") && !first.contains("关于开展测试活动的通知"), "newest first")
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("notices/page/3").path))
        #expect(Fixtures.text(output, "sitemap.xml").contains("https://example.org/campaign/2024/notices/page/2/"))
    }
}

/// The search as a reader uses it: the page's own script (run by node) over the index the build wrote.
@Suite struct SearchTests {
    static let node = ["/usr/bin/node", "/usr/local/bin/node"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs assets/search.js's matcher on the built index; returns the addresses found, best first.
    private func search(_ site: URL, _ query: String) throws -> [String] {
        let script = """
            const search = require(process.argv[1]);
            const index = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
            console.log(JSON.stringify(search.search(index.entries, process.argv[3]).map(e => e.u)));
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.node, "node runs the page's script"))
        process.arguments = ["-e", script, site.appendingPathComponent("assets/search.js").path,
                             site.appendingPathComponent("search.json").path, query]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode([String].self, from: data)
    }

    @Test func twoCharacterNameFindsTheSinger() throws {
        let output = Fixtures.scratch()
        #expect(Fixtures.build(content: Fixtures.contestContent, output: output).succeeded)
        #expect(try search(output, "小明") == ["contest/singers/hf-001/"])
        #expect(try search(output, "李红").first == "contest/singers/hf-002/")
        #expect(try search(output, "奇瑞").contains("contest/singers/cr-001/"), "by unit")
        #expect(try search(output, "祖国").contains("contest/singers/hf-001/"), "by song")
    }

    @Test func chineseQueriesFindNoticesByBigrams() throws {
        let output = Fixtures.scratch()
        #expect(Fixtures.build(content: Fixtures.validContent, output: output).succeeded)
        #expect(try search(output, "测试活动").first == "notices/2024-05-first/")
        #expect(try search(output, "稳定网址") == ["notices/zhong-wen-wen-jian-ming-de-tong-zhi/"])
        #expect(try search(output, "歌曲").contains("projects/01-songs/"))
        #expect(try search(output, "不存在的词语").isEmpty)
    }

    @Test func draftsAndEmbargoedContentAreNotInTheIndex() throws {
        let output = Fixtures.scratch()
        #expect(Fixtures.build(content: Fixtures.validContent, output: output, now: "2024-08-20T09:59:59+08:00").succeeded)
        let index = Fixtures.text(output, "search.json")
        #expect(!index.contains("草稿通知不应出现") && !index.contains("尚未发布的结果通知"))
        #expect(index.contains("关于开展测试活动的通知"))
        let singers = Fixtures.scratch()
        #expect(Fixtures.build(content: Fixtures.contestContent, output: singers).succeeded)
        for secret in PrivacyTests.privateValues(in: Fixtures.contestContent) {
            #expect(!Fixtures.text(singers, "search.json").contains(secret))
        }
    }
}
