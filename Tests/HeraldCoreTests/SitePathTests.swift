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
        #expect(SiteGraph.hasScheme("https://x") && SiteGraph.hasScheme("mailto:a@b") && !SiteGraph.hasScheme("a/b:c"))
    }
}
