import Foundation

/// Which source becomes which page: the map every relative link in content is resolved against.
public struct SiteGraph: Sendable {
    /// Content-relative source (a `.md` file, or a folder such as `projects`) → its page.
    public private(set) var pages: [String: SitePath] = [:]
    /// Sources that exist but are not public in this build (drafts, embargoed).
    public private(set) var unpublished: Set<String> = []
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

    /// What a link written in content points at.
    public enum Target: Equatable {
        /// A URL with a scheme (`https:`, `mailto:`), or a fragment of the same page: left as written.
        case external
        case page(SitePath, fragment: String?)
        /// A file under `media/`, copied to the same path in `output/`.
        case media(String, fragment: String?)
        /// A page that exists but is a draft or under embargo in this build.
        case unpublished
        case outsideContent
        /// A file that exists but is not published as is (data files, Markdown outside the sections).
        case notPublishable(String)
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
        if !trimmed.isEmpty, content.isRegularFile(trimmed) {
            return trimmed.hasPrefix("media/") ? .media(trimmed, fragment: fragment) : .notPublishable(trimmed)
        }
        return .missing(trimmed)
    }

    static func hasScheme(_ href: String) -> Bool {
        guard let colon = href.firstIndex(of: ":") else { return false }
        let scheme = href[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }

    /// Joins `path` to `folder` and removes `.` and `..`; nil when it climbs out of `content/`.
    static func normalize(_ path: String, from folder: String) -> String? {
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
}
