import Foundation

/// Stage 6: every internal `href`, `src`, `srcset` and `poster` of every page the build writes — and
/// every `#fragment` — must point at something that exists.
///
/// Pages are read back with libxml2's HTML parser as they are written (`scan`, from any thread), while
/// their bytes are still in memory. What a page links to is kept only as a target path, shared by every
/// page that links there (with the first few of those pages, for messages), so memory grows with the
/// number of files, not the number of links: 30,000 singer pages hold two million links. Once every
/// file is written, `verify` checks the targets against the list of written files.
final class LinkVerifier: @unchecked Sendable {
    /// Page → content file, for messages.
    private let sources: [SitePath: String]
    private let lock = NSLock()
    /// The ids of each page read (pages without ids are listed with an empty set).
    private var idsByPage: [String: Set<String>] = [:]
    private var references: [Reference: Referrers] = [:]
    private var findings: [Finding] = []
    /// Pages not rendered by this build (the previous output holds them unchanged): not read unless needed.
    private var unread: Set<String> = []
    /// Per page, its links to a `#fragment` of another page (for the manifest).
    private(set) var fragmentLinks: [String: [FragmentLink]] = [:]

    /// A link to an anchor of another page, resolved against its page's folder.
    struct FragmentLink: Sendable, Hashable {
        var target: String
        var isFolder: Bool
        var fragment: String
        var link: String
    }

    /// How many of the pages linking to one missing target are named in messages.
    static let namedReferrers = 20

    /// Where the editor wrote each page's links to anchors (see `ResolvedSite.anchorLinks`).
    private let anchorLinks: [SitePath: [String: SourceLocation]]

    init(sources: [SitePath: String], anchorLinks: [SitePath: [String: SourceLocation]] = [:]) {
        self.sources = sources
        self.anchorLinks = anchorLinks
    }

    /// A link target, resolved against the page's folder but not yet against the written files.
    private struct Reference: Hashable {
        /// Output path relative to the site root, without `/` at either end; empty for the root.
        var target: String
        /// The link ended in `/` (or named the root): it means the folder's `index.html`.
        var isFolder: Bool
        var fragment: String?
    }

    private struct Referrers {
        var count = 0
        /// A page rendered by this build links here (not only pages taken unchanged from the last build).
        var fromRenderedPage = false
        var named: [(file: String, link: String)] = []
    }

    private struct Finding {
        var file: String
        var link: String
        var problem: String
        var others = 0
    }

    /// Reads the links and ids of one page the build writes; other files are ignored. A page the build
    /// did not render is noted, and read back from the staging folder only if `verify` needs it.
    func scan(_ file: OutputFile) {
        let name = file.path.outputFile
        guard name.hasSuffix(".html") else { return }
        if file.isUnchanged {
            lock.lock()
            unread.insert(name)
            for link in file.fragmentLinks {
                add(Reference(target: link.target, isFolder: link.isFolder, fragment: link.fragment), from: name,
                    link: link.link, rendered: false)
            }
            if !file.fragmentLinks.isEmpty { fragmentLinks[name] = file.fragmentLinks }
            lock.unlock()
            return
        }
        scan(name, data: file.data)
    }

    private func scan(_ name: String, data: Data) {
        let page = HTMLLinkScanner.scan(data)
        let ids = Self.reachable(page.ids)
        let folder = page.hasBase ? [] : name.split(separator: "/").dropLast()
        var local: [Reference: String] = [:]
        var problems: [Finding] = []
        for link in page.links {
            switch Self.classify(link, from: Array(folder)) {
            case .elsewhere:
                continue
            case .samePage(let fragment):
                if let fragment, !fragment.isEmpty, !ids.contains(fragment) {
                    problems.append(Finding(file: name, link: link, problem: "指向页面中不存在的锚点 #\(fragment)"))
                }
            case .problem(let problem):
                problems.append(Finding(file: name, link: link, problem: problem))
            case .target(let reference):
                if local[reference] == nil { local[reference] = link }
            }
        }
        let toFragments = local.compactMap { reference, link -> FragmentLink? in
            guard let fragment = reference.fragment, !fragment.isEmpty else { return nil }
            return FragmentLink(target: reference.target, isFolder: reference.isFolder, fragment: fragment, link: link)
        }.sorted { ($0.link, $0.target) < ($1.link, $1.target) }
        lock.lock()
        defer { lock.unlock() }
        idsByPage[name] = ids
        if unread.remove(name) == nil {   // a page read back was already counted from the manifest
            for (reference, link) in local { add(reference, from: name, link: link, rendered: true) }
            if !toFragments.isEmpty { fragmentLinks[name] = toFragments }
        } else {
            for (reference, link) in local where reference.fragment?.isEmpty != false {
                add(reference, from: name, link: link, rendered: false)
            }
        }
        findings += problems
    }

    /// Notes that page `name` links to `reference` (call with the lock held).
    private func add(_ reference: Reference, from name: String, link: String, rendered: Bool) {
        var referrers = references[reference] ?? Referrers()
        referrers.count += 1
        referrers.fromRenderedPage = referrers.fromRenderedPage || rendered
        if referrers.named.count < Self.namedReferrers { referrers.named.append((name, link)) }
        references[reference] = referrers
    }

    /// Checks every target read by `scan` against the files of the build.
    ///
    /// A page that was not rendered is the one the previous build wrote and verified, from the same
    /// data: its links are as good as before unless a file of the previous build is gone
    /// (`previousFiles`), and then every such page is read back with `readBack`. Such a page is also
    /// read back for its anchors when a rendered page links to one of them (links between two unchanged
    /// pages were checked by the build that made them).
    func verify(files written: [SitePath], previousFiles: Set<String> = [], readBack: (String) -> Data? = { _ in nil },
                into diagnostics: inout Diagnostics) {
        let files = Set(written.map(\.outputFile))
        lock.lock()
        var toRead: Set<String>
        if previousFiles.isSubset(of: files) {
            toRead = Set(references.compactMap { reference, referrers -> String? in
                guard reference.fragment?.isEmpty == false, referrers.fromRenderedPage else { return nil }
                return Self.page(reference, files: files)
            }).intersection(unread)
        } else {
            toRead = unread
        }
        lock.unlock()
        var unreadable: [Finding] = []
        for name in toRead.sorted() {
            if let data = readBack(name) {
                scan(name, data: data)
            } else {
                unreadable.append(Finding(file: name, link: name, problem: "无法读回检查（页面未重新生成，读取失败）"))
            }
        }

        lock.lock()
        var found = findings + unreadable
        for (reference, referrers) in references {
            guard let problem = check(reference, files: files) else { continue }
            for (file, link) in referrers.named {
                found.append(Finding(file: file, link: link, problem: problem))
            }
            if referrers.count > referrers.named.count {
                found[found.count - 1].others = referrers.count - referrers.named.count
            }
        }
        lock.unlock()

        found.sort { ($0.file, $0.link, $0.problem) < ($1.file, $1.link, $1.problem) }
        for finding in found {
            let file = finding.file
            let pagePath = SitePath(file.hasSuffix("index.html") ? String(file.dropLast("index.html".count)) : file)
            let others = finding.others > 0 ? "（另有 \(finding.others) 个页面有同样的链接）" : ""
            let written = anchorLinks[pagePath]?[finding.link.removingPercentEncoding ?? finding.link]
            diagnostics.error(at: written ?? SourceLocation(file: sources[pagePath] ?? "layouts"),
                              "生成的页面 \(file) 中的链接“\(finding.link)”\(finding.problem)\(others)",
                              hint: "修改该链接，或补上它指向的页面或文件")
        }
    }

    /// What a (percent-decoded) fragment can reach on a page: each id, and each id percent-decoded — a
    /// browser tries the fragment as written, then decoded, so `id="fn-%E8%AF%B4"` (cmark-gfm's id for the
    /// footnote `[^说]`) is reached by `#fn-%E8%AF%B4`.
    private static func reachable(_ ids: Set<String>) -> Set<String> {
        guard ids.contains(where: { $0.utf8.contains(UInt8(ascii: "%")) }) else { return ids }
        return ids.union(ids.compactMap { $0.utf8.contains(UInt8(ascii: "%")) ? $0.removingPercentEncoding : nil })
    }

    private enum Classification {
        /// Another site, another scheme, or nothing to check.
        case elsewhere
        case samePage(fragment: String?)
        case target(Reference)
        case problem(String)
    }

    /// Links are checked by the million on large sites: the common case (ASCII, no scheme, no `%`, no
    /// surrounding spaces) takes no Foundation call.
    private static func classify(_ link: String, from folder: [Substring]) -> Classification {
        var trimmed = link
        // Only a link starting or ending in a space or a non-ASCII character can need trimming.
        if let first = link.utf8.first, let last = link.utf8.last,
           first <= 0x20 || first >= 0x80 || last <= 0x20 || last >= 0x80 {
            trimmed = link.trimmingCharacters(in: .whitespaces)
        }
        if trimmed.isEmpty || trimmed.hasPrefix("//") || (mayHaveScheme(trimmed) && SiteGraph.hasScheme(trimmed)) {
            return .elsewhere
        }
        // Searched on the bytes: `#`, `?`, `%` and `/` are single bytes in UTF-8 and never part of another character.
        let bytes = trimmed.utf8
        var pathEnd = bytes.endIndex
        var fragment: String?
        if let hash = bytes.firstIndex(of: UInt8(ascii: "#")) {
            let raw = trimmed[bytes.index(after: hash)...]
            fragment = raw.utf8.contains(UInt8(ascii: "%")) ? String(raw).removingPercentEncoding : String(raw)
            pathEnd = hash
        }
        if let question = bytes[..<pathEnd].firstIndex(of: UInt8(ascii: "?")) { pathEnd = question }
        let path = trimmed[..<pathEnd]
        if path.isEmpty { return .samePage(fragment: fragment) }
        if path.utf8.first == UInt8(ascii: "/") { return .problem("以 / 开头，放到子路径下就会失效") }
        var decoded = path
        if path.utf8.contains(UInt8(ascii: "%")) {
            guard let text = String(path).removingPercentEncoding else { return .problem("指向网站根目录之外") }
            decoded = Substring(text)
        }
        var segments = folder
        for bytes in decoded.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            let segment = Substring(bytes)
            switch segment {
            case ".": continue
            case "..":
                if segments.popLast() == nil { return .problem("指向网站根目录之外") }
            default: segments.append(segment)
            }
        }
        let normalized = segments.joined(separator: "/")
        return .target(Reference(target: normalized, isFolder: path.utf8.last == UInt8(ascii: "/") || normalized.isEmpty,
                                 fragment: fragment))
    }

    /// False when `link` plainly starts with a path: a printable ASCII character that is not a space,
    /// and a `/`, `?` or `#` before any `:`.
    private static func mayHaveScheme(_ link: String) -> Bool {
        for (offset, byte) in link.utf8.enumerated() {
            if offset == 0 && (byte <= 0x20 || byte >= 0x80) { return true }
            switch byte {
            case UInt8(ascii: ":"): return true
            case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"): return false
            default: continue
            }
        }
        return false
    }

    /// The file a link target names: a folder means its `index.html`, as a web server serves it.
    private static func page(_ reference: Reference, files: Set<String>) -> String {
        let normalized = reference.target
        if reference.isFolder || (!files.contains(normalized) && files.contains(normalized + "/index.html")) {
            return normalized.isEmpty ? "index.html" : normalized + "/index.html"
        }
        return normalized
    }

    /// Nil when the target exists (and has the fragment); otherwise what is wrong.
    private func check(_ reference: Reference, files: Set<String>) -> String? {
        let target = Self.page(reference, files: files)
        guard files.contains(target) else { return "指向不存在的文件" }
        if let fragment = reference.fragment, !fragment.isEmpty, let ids = idsByPage[target], !ids.contains(fragment) {
            return "指向页面中不存在的锚点 #\(fragment)"
        }
        return nil
    }
}
