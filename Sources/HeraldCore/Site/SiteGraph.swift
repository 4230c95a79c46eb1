import Foundation

/// Which source becomes which page: the map every relative link in content is resolved against.
public struct SiteGraph: Sendable {
    /// Content-relative source (a `.md` file, or a folder such as `projects`) → its page.
    public private(set) var pages: [String: SitePath] = [:]
    /// Sources that exist but are not public in this build (drafts, embargoed).
    public private(set) var unpublished: Set<String> = []
    /// Sources that exist but could not be read in this run: their own errors are reported, and links
    /// to them are not reported again as leading nowhere.
    public private(set) var unreadable: Set<String> = []
    public let content: ContentDirectory

    public init(content: ContentDirectory) {
        self.content = content
    }

    mutating func add(source: String, page: SitePath) {
        pages[source] = page
    }

    mutating func addUnpublished(source: String) {
        unpublished.insert(source)
    }

    mutating func addUnreadable(source: String) {
        unreadable.insert(source)
    }

    /// What a link written in content points at.
    public enum Target: Equatable {
        /// A URL with a scheme (`https:`, `mailto:`), or a fragment of the same page: left as written.
        case external
        case page(SitePath, fragment: String?)
        /// A file under `media/`, copied to the same path in `output/`.
        case media(String, fragment: String?)
        /// A page that exists but is a draft or under embargo in this build.
        case unpublished
        /// A source with errors of its own in this run (the build fails on those).
        case unreadable
        case outsideContent
        /// A file that exists but is not published as is (data files, Markdown outside the sections).
        case notPublishable(String)
        /// A file in a folder of `output/` that Herald fills itself: `media/thumbs/`, the covers' thumbnails.
        case reserved(String)
        case missing(String)
    }

    /// Resolves `href` as written in a file in `folder` (content-relative).
    public func resolve(_ href: String, from folder: String) -> Target {
        if href.isEmpty || href.hasPrefix("#") || href.hasPrefix("//") || Self.hasScheme(href) { return .external }
        var path = href
        var fragment: String?
        if let hash = path.firstIndex(of: "#") {
            fragment = String(path[path.index(after: hash)...])
            path = String(path[..<hash])
        }
        if let question = path.firstIndex(of: "?") { path = String(path[..<question]) }
        path = path.removingPercentEncoding ?? path
        guard let normalized = Self.normalize(path, from: path.hasPrefix("/") ? "" : folder) else { return .outsideContent }
        let trimmed = normalized.hasSuffix("/") ? String(normalized.dropLast()) : normalized
        if let page = pages[trimmed] { return .page(page, fragment: fragment) }
        if let index = pages[trimmed.isEmpty ? "index.md" : trimmed + "/index.md"] { return .page(index, fragment: fragment) }
        if unpublished.contains(trimmed) { return .unpublished }
        if unreadable.contains(trimmed) { return .unreadable }
        if !trimmed.isEmpty, content.isRegularFile(trimmed) {
            guard content.fileInside(trimmed) != nil else { return .outsideContent }
            guard trimmed.hasPrefix("media/") else { return .notPublishable(trimmed) }
            return (trimmed + "/").hasPrefix(SiteRoutes.thumbnails.value) ? .reserved(trimmed) : .media(trimmed, fragment: fragment)
        }
        return .missing(trimmed)
    }

    static func hasScheme(_ href: String) -> Bool { scheme(of: href) != nil }

    /// The URL scheme, lower-cased (`https`, `javascript`); nil for a relative link. Leading spaces and
    /// control characters are skipped the way browsers skip them (` javascript:` still runs script).
    static func scheme(of href: String) -> String? {
        let trimmed = href.drop { $0.isWhitespace || $0.unicodeScalars.allSatisfy { $0.value < 0x20 } }
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let scheme = trimmed[..<colon].filter { !($0 == "\t" || $0 == "\n" || $0 == "\r") }
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        return scheme.lowercased()
    }

    /// Joins `path` to `folder` and removes `.` and `..`; nil when it climbs out of `content/`.
    static func normalize(_ path: String, from folder: String) -> String? {
        if folder.isEmpty, isNormal(path) { return path }
        var segments = folder.split(separator: "/").map(String.init)
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                if segments.popLast() == nil { return nil }
            default:
                segments.append(String(segment))
            }
        }
        return segments.joined(separator: "/")
    }

    /// Whether `normalize(path, from: "")` is `path` itself: no empty, `.` or `..` segment (a media path as
    /// editors write it, checked on its bytes without splitting it).
    private static func isNormal(_ path: String) -> Bool {
        var segmentLength = 0
        var dots = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if segmentLength == 0 || dots == segmentLength { return false }
                segmentLength = 0
                dots = 0
            } else {
                segmentLength += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return segmentLength > 0 && dots != segmentLength
    }
}
