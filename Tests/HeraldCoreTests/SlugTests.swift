import Testing
@testable import HeraldCore

@Suite struct SlugTests {
    @Test func chineseFileNameGivesPinyin() {
        #expect(Slug.fromFileName("关于开展活动的通知") == "guan-yu-kai-zhan-huo-dong-de-tong-zhi")
    }

    @Test func asciiFileNameIsHyphenated() {
        #expect(Slug.fromFileName("01 Songs_and Videos") == "01-songs-and-videos")
        #expect(Slug.fromFileName("good-netizen-2024") == "good-netizen-2024")
    }

    @Test func slugIsStableAndLimited() {
        let long = String(repeating: "通知", count: 60)
        let slug = Slug.fromFileName(long)
        #expect(slug == Slug.fromFileName(long))
        #expect(slug.count <= 80 && Slug.isValid(slug))
    }

    @Test func nameWithoutLettersGetsAHashSlug() {
        #expect(Slug.fromFileName("！！！").hasPrefix("page-"))
        #expect(Slug.isValid(Slug.fromFileName("！！！")))
    }

    @Test(arguments: ["../etc", "a/b", ".hidden", "Upper", "中文", "-lead", "a b", ""])
    func unsafeSlugsAreRejected(_ slug: String) {
        #expect(!Slug.isValid(slug))
    }
}
