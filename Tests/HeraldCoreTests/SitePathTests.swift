import Testing
@testable import HeraldCore

@Suite struct SitePathTests {
    @Test func relativeURLsBetweenPages() {
        let notice = SitePath("notices/a/")
        #expect(notice.relativeURL(to: SitePath("notices/b/")) == "../b/")
        #expect(notice.relativeURL(to: SitePath("projects/")) == "../../projects/")
        #expect(notice.relativeURL(to: .root) == "../../")
        #expect(notice.relativeURL(to: notice) == "./")
        #expect(SitePath.root.relativeURL(to: SitePath("notices/")) == "notices/")
        #expect(SitePath.root.relativeURL(to: .root) == "./")
    }

    @Test func relativeURLsToFilesAreEncoded() {
        let notice = SitePath("notices/a/")
        #expect(notice.relativeURL(to: SitePath("media/rules.pdf")) == "../../media/rules.pdf")
        #expect(notice.relativeURL(to: SitePath("media/附件 1.pdf")) == "../../media/%E9%99%84%E4%BB%B6%201.pdf")
        #expect(SitePath("404.html").relativeURL(to: SitePath("assets/style.css")) == "assets/style.css")
    }

    @Test func rootPrefixLeadsBack() {
        #expect(SitePath.root.rootPrefix == "./")
        #expect(SitePath("notices/").rootPrefix == "../")
        #expect(SitePath("notices/a/").rootPrefix == "../../")
        #expect(SitePath("notices/a/").outputFile == "notices/a/index.html")
    }

    @Test func contentLinksNormalize() {
        #expect(SiteGraph.normalize("../projects/", from: "notices") == "projects")
        #expect(SiteGraph.normalize("./a.md", from: "notices") == "notices/a.md")
        #expect(SiteGraph.normalize("../../etc/passwd", from: "notices") == nil)
        // Paths already normal are returned as they are; every other form still goes through the segments.
        let cases: [(String, String?)] = [
            ("media/hefei/hf-001.mp4", "media/hefei/hf-001.mp4"), ("a.md", "a.md"), ("media/.hidden/x.jpg", "media/.hidden/x.jpg"),
            ("media//a.mp4", "media/a.mp4"), ("media/./a.mp4", "media/a.mp4"), ("media/x/../a.mp4", "media/a.mp4"),
            ("/media/a.mp4", "media/a.mp4"), ("media/", "media"), (".", ""), ("..", nil), ("...", "..."), ("a/...", "a/..."),
            ("", ""), ("../a", nil),
        ]
        for (path, normal) in cases {
            #expect(SiteGraph.normalize(path, from: "") == normal, "\(path)")
        }
        #expect(SiteGraph.hasScheme("https://x") && SiteGraph.hasScheme("mailto:a@b") && !SiteGraph.hasScheme("a/b:c"))
    }

    /// The byte-wise `relativeURL` against the plain definition it replaced (split both paths, drop
    /// the common folders, climb out of the rest), over every pair of a set of awkward locations.
    @Test func relativeURLsMatchTheSegmentDefinition() {
        func reference(_ from: SitePath, _ target: SitePath) -> String {
            let folder = from.value.split(separator: "/", omittingEmptySubsequences: true)
            let fromSegments = from.isFolder ? folder : Array(folder.dropLast())
            var to = target.value.split(separator: "/", omittingEmptySubsequences: true)
            var fileName: Substring?
            if !target.isFolder { fileName = to.popLast() }
            var common = 0
            while common < fromSegments.count, common < to.count, fromSegments[common] == to[common] { common += 1 }
            var parts = Array(repeating: "..", count: fromSegments.count - common)
            parts += to[common...].map { SitePath.encode($0) }
            var url = parts.joined(separator: "/")
            if let fileName {
                url += (url.isEmpty ? "" : "/") + SitePath.encode(fileName)
            } else {
                url += url.isEmpty ? "./" : "/"
            }
            return url
        }
        let paths = ["", "notices/", "notices/a/", "notices/ab/", "notices/a/b/", "notice/", "notices.html", "feed.xml",
                     "media/rules.pdf", "media/附件 1.pdf", "media/thumbs/x-240.webp", "contest/singers/hf-001/",
                     "contest/singers/hf-0010/", "contest/singer/", "contest/gallery/", "通知/甲/", "a b/c d/", "contest/"]
            .map(SitePath.init)
        for from in paths {
            for target in paths {
                #expect(from.relativeURL(to: target) == reference(from, target), "\(from.value) → \(target.value)")
            }
        }
    }
}
