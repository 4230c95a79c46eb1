import Foundation
import Testing
@testable import HeraldCore

/// Template dictionaries compared by digest (their keys come in a different order in every process):
/// entries are digested one by one and summed.
extension Fingerprint {
    /// Adds a converted template value: strings, flags, numbers, dictionaries and arrays of them.
    mutating func add(value: Any) {
        switch value {
        case let text as String:
            add(byte: 1)
            add(text)
        case let flag as Bool:
            add(byte: flag ? 2 : 3)
        case let number as Int:
            add(byte: 4)
            add(UInt64(bitPattern: Int64(number)))
        case let parent as TemplateParent:
            add(value: parent.fieldsByName)
        case let dictionary as [String: Any]:
            add(byte: 5)
            add(UInt64(dictionary.count))
            var high: UInt64 = 0, low: UInt64 = 0
            for (key, value) in dictionary {
                var entry = Fingerprint()
                entry.add(key)
                entry.add(value: value)
                high = high &+ entry.high
                low = low &+ entry.low
            }
            add(high)
            add(low)
        case let array as [Any]:
            add(byte: 6)
            add(UInt64(array.count))
            for element in array { add(value: element) }
        default:
            add(byte: 7)
            add(String(describing: value))
        }
    }
}

extension TemplateParent {
    /// What the templates find under each of the view's field names, as a dictionary.
    var fieldsByName: [String: Any] {
        var fields: [String: Any] = [:]
        for label in Mirror(reflecting: self).children.compactMap(\.label) {
            fields[label] = child(named: label).flatMap(TemplateValue.convert)
        }
        return fields
    }
}

/// The hand-written template dictionaries of the hottest views give the templates exactly what
/// reflection gives: same keys (a field added to a view and forgotten in `templateFields` fails here),
/// same values, nil optionals left out.
@Suite struct TemplateFieldsTests {
    private func digest(_ value: Any?) -> Fingerprint {
        var fingerprint = Fingerprint()
        if let value { fingerprint.add(value: value) }
        return fingerprint
    }

    private func expectSame<View: TemplateFields>(_ view: View, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let reflected = TemplateValue.reflected(view) as? [String: Any]
        #expect(reflected.map { Set($0.keys) } == Set(view.templateFields.keys), sourceLocation: sourceLocation)
        #expect(digest(reflected) == digest(view.templateFields), sourceLocation: sourceLocation)
    }

    private func expectSame<View: TemplateParent>(_ view: View, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let reflected = TemplateValue.reflected(view) as? [String: Any]
        #expect(reflected.map { Set($0.keys) } == Set(view.fieldsByName.keys), sourceLocation: sourceLocation)
        #expect(digest(reflected) == digest(view.fieldsByName), sourceLocation: sourceLocation)
        #expect(view.child(named: "nothing") == nil && view.child(named: "") == nil, sourceLocation: sourceLocation)
    }

    private func site(_ yaml: String) throws -> SiteView {
        var diagnostics = Diagnostics()
        return SiteView(try #require(SiteConfig.load(from: "site.yml", text: yaml, diagnostics: &diagnostics)))
    }

    private let cover = CoverView(webpSrcset: "a.webp 240w", jpegSrcset: "a.jpg 240w", src: "a.jpg", width: 240, height: 427, alt: "封面")
    private let link = LinkView(title: "上一位", href: "../a/")

    private func meta(optionals: Bool) -> PageMeta {
        PageMeta(title: "标题", documentTitle: "标题 - 站点", description: optionals ? "描述" : nil, canonical: "https://x/a/",
                 root: "../", baseHref: optionals ? "/campaign/" : nil, noindex: optionals, preview: !optionals,
                 feedURL: "../feed.xml", feeds: [.init(type: "application/rss+xml", title: "RSS", href: "../feed.xml")],
                 stylesheetURL: "../assets/style.css", homeURL: "../", shareImage: optionals ? "https://x/c.jpg" : nil,
                 previousURL: optionals ? "../p/" : nil, nextURL: optionals ? "../n/" : nil)
    }

    private func singer(optionals: Bool) -> SingerView {
        SingerView(id: "hf-001", name: "王小明", employer: optionals ? "合肥供电公司" : nil, occupation: optionals ? "电工" : nil,
                   unit: "合肥市总工会", song: "我的祖国", bio: optionals ? "<p>简介</p>" : nil,
                   video: optionals ? VideoView(src: "v.mp4", type: "video/mp4", poster: "p.jpg", description: "演唱") : nil,
                   videoWithheld: !optionals, cover: optionals ? cover : nil, voteURL: optionals ? "https://vote/" : nil,
                   results: optionals ? ["复赛第 1 名"] : [], hasResults: optionals,
                   previous: optionals ? link : nil, next: optionals ? link : nil, galleryURL: "../../gallery/#unit-hefei")
    }

    @Test func everyViewWithAllFieldsSet() throws {
        expectSame(try site("title: 站点\nbase_url: https://x/\ndescription: 说明\norganizer: 主办\nicp: 皖ICP备1号\npolice_record: 皖公网安备1号\nsite_code: 3400000001\n"))
        expectSame(meta(optionals: true))
        expectSame(PageMeta.FeedLink(type: "application/atom+xml", title: "Atom", href: "atom.xml"))
        expectSame(NavLink(title: "首页", href: "../", current: true))
        expectSame(link)
        expectSame(cover)
        expectSame(VideoView(src: "v.mp4", type: "video/mp4", poster: "p.jpg", description: "演唱"))
        expectSame(singer(optionals: true))
        let card = SingerCardView(id: "hf-001", name: "王小明", unit: "合肥", song: "歌", href: "../hf-001/", cover: cover,
                                  badges: ["十大职工歌手", "最佳人气职工歌手"], eager: true)
        expectSame(card)
        expectSame(UnitGroupView(anchor: "unit-hefei", name: "合肥", count: 1, singers: [card]))
        var context = PageContext(site: try site("title: 站点\nbase_url: https://x/\n"), page: meta(optionals: true),
                                  nav: [NavLink(title: "首页", href: "../", current: false)])
        context.singer = singer(optionals: true)
        context.search = SearchView(root: "../", indexURL: "../search.json", scriptURL: "../assets/search.js", noticesURL: "../notices/")
        expectSame(context)
    }

    @Test func everyViewWithOptionalsLeftOut() throws {
        expectSame(try site("title: 站点\nbase_url: https://x/\n"))
        expectSame(meta(optionals: false))
        expectSame(VideoView(src: "v.mp4", type: "video/mp4", poster: nil, description: "演唱"))
        expectSame(singer(optionals: false))
        expectSame(SingerCardView(id: "a", name: "b", unit: "c", song: "d", href: "e/", cover: nil, badges: [], eager: false))
        expectSame(PageContext(site: try site("title: 站点\nbase_url: https://x/\n"), page: meta(optionals: false), nav: []))
    }
}

@Suite struct FingerprintTests {
    private func digest(_ value: Any) -> Fingerprint {
        var fingerprint = Fingerprint()
        fingerprint.add(value: value)
        return fingerprint
    }

    @Test func equalDataEqualDigestWhateverTheOrderOfKeys() {
        var first: [String: Any] = [:], second: [String: Any] = [:]
        let pairs: [(String, Any)] = [("title", "通知"), ("count", 3), ("flag", true), ("list", ["a", "b"]), ("nested", ["k": "v"])]
        for (key, value) in pairs { first[key] = value }
        for (key, value) in pairs.reversed() { second[key] = value }
        #expect(digest(first) == digest(second))
    }

    @Test func anyDifferenceChangesTheDigest() {
        let base: [String: Any] = ["a": "x", "b": "y", "list": ["1", "2"]]
        let variants: [[String: Any]] = [
            ["a": "y", "b": "x", "list": ["1", "2"]],          // values swapped between keys
            ["a": "x", "b": "y", "list": ["2", "1"]],          // array order
            ["a": "x", "b": "y", "list": ["1", "2"], "c": ""], // an empty extra field
            ["a": "xy", "b": "", "list": ["1", "2"]],          // text moved across a boundary
            ["a": "x", "b": "y", "list": ["12"]],
            ["a": "x", "b": true, "list": ["1", "2"]],
        ]
        for variant in variants { #expect(digest(variant) != digest(base), "\(variant)") }
    }
}

/// Page fingerprints come from the typed views through `FingerprintEncoder`: every stored field counts,
/// structure counts, and equal views give equal digests.
@Suite struct FingerprintEncoderTests {
    private struct Inner: Encodable { var b: String; var c: String? }
    private struct Outer: Encodable { var a: Inner; var c: String? }
    private struct Numbers: Encodable { var ratio: Double; var count: Int64; var small: UInt8; var flags: [Bool]; var list: [Inner] }

    private func digest(_ value: some Encodable) -> Fingerprint { FingerprintEncoder.fingerprint(of: value) }

    @Test func structureAndEveryFieldCount() {
        // {a: {b, c}} and {a: {b}, c}: the same strings in the same order, another shape.
        #expect(digest(Outer(a: Inner(b: "x", c: "y"), c: nil)) != digest(Outer(a: Inner(b: "x", c: nil), c: "y")))
        #expect(digest(Outer(a: Inner(b: "x", c: nil), c: nil)) == digest(Outer(a: Inner(b: "x", c: nil), c: nil)))
        #expect(digest(Inner(b: "ab", c: "c")) != digest(Inner(b: "a", c: "bc")))
        #expect(digest(Inner(b: "", c: nil)) != digest(Inner(b: "", c: "")))
        let numbers = Numbers(ratio: 0.5, count: 7, small: 3, flags: [true, false], list: [Inner(b: "x", c: nil)])
        var changed = numbers
        changed.ratio = 0.25
        #expect(digest(numbers) != digest(changed), "numbers other than Int are digested, not looped on")
        changed = numbers
        changed.flags = [false, true]
        #expect(digest(numbers) != digest(changed))
        changed = numbers
        changed.list = [Inner(b: "x", c: nil), Inner(b: "x", c: nil)]
        #expect(digest(numbers) != digest(changed))
    }

    @Test func aPageContextChangesWithAnyFieldDeepInside() throws {
        var diagnostics = Diagnostics()
        let config = try #require(SiteConfig.load(from: "site.yml", text: "title: 站点\nbase_url: https://x/\n", diagnostics: &diagnostics))
        let meta = PageMeta(title: "标题", documentTitle: "标题 - 站点", description: nil, canonical: "https://x/a/", root: "../",
                            baseHref: nil, noindex: false, preview: false, feedURL: "../feed.xml", feeds: [],
                            stylesheetURL: "../assets/style.css", homeURL: "../", shareImage: nil, previousURL: nil, nextURL: nil)
        var context = PageContext(site: SiteView(config), page: meta, nav: [NavLink(title: "首页", href: "../", current: false)])
        let card = SingerCardView(id: "a", name: "王", unit: "合肥", song: "歌", href: "a/", cover: nil, badges: ["晋级决赛"], eager: true)
        let group = GalleryGroupView(anchor: "city", title: "地市", count: 1,
                                     units: [UnitGroupView(anchor: "hefei", name: "合肥", count: 1, singers: [card])])
        context.gallery = GalleryView(name: "大赛", total: 1, groups: [group], hasGroups: true, votingOpen: false,
                                      votingDates: nil, contestURL: "../", scriptURL: "../assets/gallery.js")
        let before = FingerprintEncoder.fingerprint(of: context)
        var badge = context
        badge.gallery = GalleryView(name: "大赛", total: 1, groups: [GalleryGroupView(anchor: "city", title: "地市", count: 1, units: [
            UnitGroupView(anchor: "hefei", name: "合肥", count: 1, singers: [SingerCardView(
                id: "a", name: "王", unit: "合肥", song: "歌", href: "a/", cover: nil, badges: ["十大职工歌手"], eager: true)])])],
            hasGroups: true, votingOpen: false, votingDates: nil, contestURL: "../", scriptURL: "../assets/gallery.js")
        #expect(FingerprintEncoder.fingerprint(of: badge) != before, "a badge four levels down")
        var nav = context
        nav = PageContext(site: SiteView(config), page: meta, nav: [NavLink(title: "首页", href: "../", current: true)])
        nav.gallery = context.gallery
        #expect(FingerprintEncoder.fingerprint(of: nav) != before)
        #expect(FingerprintEncoder.fingerprint(of: context) == before)
    }
}
