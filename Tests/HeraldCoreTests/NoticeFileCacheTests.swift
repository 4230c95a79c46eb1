import Foundation
import Testing
@testable import HeraldCore

/// Notices are parsed once: a rebuild takes the notices that did not change from the cache, with the
/// messages they gave, and reads the others.
@Suite struct NoticeFileCacheTests {
    /// Sets every notice's modification time to one in 2023: files changed in the last two seconds are not cached.
    private func settle(_ site: SiteCopy) throws {
        for file in try FileManager.default.contentsOfDirectory(atPath: site.file("notices")) {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)],
                                                  ofItemAtPath: site.file("notices/" + file))
        }
    }

    private func load(_ site: SiteCopy, cache: URL) -> (Campaign?, Diagnostics) {
        var diagnostics = Diagnostics()
        var loader = ContentLoader(content: ContentDirectory(root: site.path), cacheDirectory: cache.path)
        loader.cacheSettling = 0   // setting an mtime back changes the ctime to now
        let campaign = loader.load(into: &diagnostics)
        return (campaign, diagnostics)
    }

    /// Everything a notice holds, field by field (through reflection, so a field added later is compared too).
    private func described(_ notices: [Notice]?) -> String {
        var text = ""
        dump(notices, to: &text)
        return text
    }

    @Test func unchangedNoticesComeFromTheCacheWithTheirMessages() throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        let cache = Fixtures.scratch().appendingPathComponent(".herald-cache")
        try site.write("notices/with-everything.md", """
            ---
            title: 关于举办培训班的通知
            date: 2024-06-01 09:30
            doc_number: 皖工发〔2024〕11号
            issuers: [安徽省总工会, 安徽省人社厅]
            addressees: 各市总工会
            publish_at: 2024-06-02
            updated: 2024-06-03T10:00:00+08:00
            attachments:
              - {title: 报名表, href: ../media/form.docx}
            contacts:
              - {name: 王老师, phone: 0551-1234567, org: 宣教部}
              - {name: 李老师}
            summary: 一句话摘要
            events:
              - {title: 开班, start: 2024-06-10 09:00, end: 2024-06-10 17:00, location: 合肥}
              - {title: 结业, start: 2024-06-20}
            projects: [songs]
            hobby: 唱歌
            ---

            正文。
            """)
        try settle(site)
        let (fresh, freshMessages) = load(site, cache: cache)
        #expect(freshMessages.items.contains { $0.message.contains("hobby") }, "an unknown field is warned about")
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: cache.path).first { $0.hasPrefix("notices-") })
        let written = FileSystem.status(cache.appendingPathComponent(file).path)?.identity

        let (cached, cachedMessages) = load(site, cache: cache)
        #expect(FileSystem.status(cache.appendingPathComponent(file).path)?.identity == written, "nothing new: not rewritten")
        #expect(described(cached?.notices) == described(fresh?.notices))
        #expect(cached?.notices.contains { $0.events.count == 2 && $0.contacts.count == 2 && $0.updatedLocation != nil } == true)
        #expect(cachedMessages.sorted == freshMessages.sorted, "the warning is given again")
        #expect(cached?.unloaded == fresh?.unloaded)

        // An edited notice is read again.
        try site.replace(in: "notices/with-everything.md", "一句话摘要", with: "改过的摘要")
        try settle(site)
        let (edited, _) = load(site, cache: cache)
        #expect(edited?.notices.contains { $0.summary == "改过的摘要" } == true)
    }

    @Test func aNoticeThatDidNotLoadIsRememberedWithItsError() throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        let cache = Fixtures.scratch().appendingPathComponent(".herald-cache")
        try site.write("notices/no-title.md", "---\ndate: 2024-06-01\n---\n正文\n")
        try settle(site)
        let (first, firstMessages) = load(site, cache: cache)
        let (second, secondMessages) = load(site, cache: cache)
        #expect(firstMessages.hasErrors && secondMessages.sorted == firstMessages.sorted)
        #expect(first?.unloaded == ["notices/no-title.md"] && second?.unloaded == first?.unloaded)
    }

    @Test func aDamagedCacheIsIgnored() throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        let cache = Fixtures.scratch().appendingPathComponent(".herald-cache")
        try settle(site)
        let (fresh, _) = load(site, cache: cache)
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: cache.path).first { $0.hasPrefix("notices-") })
        let url = cache.appendingPathComponent(file)
        let bytes = try Data(contentsOf: url)
        for damaged in [bytes.prefix(bytes.count - 7), bytes.prefix(40), Data(bytes.map { $0 == 0x01 ? 0x7F : $0 })] {
            try damaged.write(to: url)
            let (campaign, messages) = load(site, cache: cache)
            #expect(described(campaign?.notices) == described(fresh?.notices))
            #expect(!messages.hasErrors)
        }
    }
}
