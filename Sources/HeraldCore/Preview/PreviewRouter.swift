import Foundation

/// What `herald serve` answers for one request path: the mapping from a URL below the site's base path
/// to a file of the preview folder. Pure (apart from looking at the file system), so it is tested
/// without a server; the HTTP library only carries out the answer.
public struct PreviewRouter: Sendable {
    /// The folder the preview build writes to.
    public var root: String
    /// The path part of `base_url`, always starting and ending in `/` (`/campaign/2024/`).
    public var basePath: String

    /// The server-sent-events endpoint of the live-reload script; outside every base path a site can
    /// have below `/`, except `/` itself, where page folders cannot start with `__`.
    public static let eventsPath = "/__herald/events"

    public init(root: String, basePath: String) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        var base = basePath.hasPrefix("/") ? basePath : "/" + basePath
        if !base.hasSuffix("/") { base += "/" }
        self.basePath = base
    }

    public enum Route: Sendable, Equatable {
        /// A file of the preview folder, with its `Content-Type`; HTML is served with the reload script.
        case file(path: String, contentType: String)
        /// 302 to a location on this server (`/` → the base path, a folder without its `/`).
        case redirect(location: String)
        /// 404, with the site's `404.html` when the preview has one (nil: no successful build yet).
        case notFound(page: String?)
        /// 400: a path that is not a path (`..`, NUL, bad percent-encoding, not starting with `/`).
        case rejected
        /// The live-reload event stream.
        case events
    }

    /// `rawPath`: the request target's path as sent, still percent-encoded, without the query.
    public func route(_ rawPath: String) -> Route {
        guard let segments = Self.segments(of: rawPath) else { return .rejected }
        let normalized = "/" + segments.joined(separator: "/")
        if normalized == Self.eventsPath { return .events }

        let baseSegments = basePath.split(separator: "/").map(String.init)
        guard segments.count >= baseSegments.count, Array(segments.prefix(baseSegments.count)) == baseSegments else {
            // `/` and anything that is a prefix of the base path lead to the site's home page.
            if baseSegments.starts(with: segments) { return .redirect(location: basePath) }
            return notFound
        }
        let relative = segments.dropFirst(baseSegments.count).joined(separator: "/")
        let asFolder = relative.isEmpty || rawPath.hasSuffix("/")
        if asFolder {
            if relative.isEmpty && !rawPath.hasSuffix("/") && !baseSegments.isEmpty {
                return .redirect(location: basePath)
            }
            let file = relative.isEmpty ? "index.html" : relative + "/index.html"
            return regularFile(file).map { .file(path: $0, contentType: Self.contentType(for: $0)) } ?? notFound
        }
        switch kind(of: relative) {
        case .file(let path): return .file(path: path, contentType: Self.contentType(for: path))
        case .folder:
            // A page asked for without its trailing slash: where a static host would send it.
            return .redirect(location: basePath + Self.encode(relative) + "/")
        case .none: return notFound
        }
    }

    /// Whether a request's `Host` names this machine by address or as `localhost`. A domain name is
    /// refused, so a web page cannot reach the preview (drafts included) by DNS rebinding.
    public static func isAllowedHost(_ host: String?) -> Bool {
        guard var name = host?.trimmingCharacters(in: .whitespaces).lowercased(), !name.isEmpty else { return false }
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return false }
            let rest = name[name.index(after: close)...]
            guard rest.isEmpty || (rest.hasPrefix(":") && rest.dropFirst().allSatisfy(\.isNumber) && rest.count > 1) else { return false }
            return name[name.index(after: name.startIndex)..<close].allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        if let colon = name.lastIndex(of: ":") {
            let port = name[name.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy(\.isNumber) else { return false }
            name = String(name[..<colon])
        }
        if name == "localhost" { return true }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && (Int($0).map { $0 <= 255 } ?? false) }
    }

    private var notFound: Route {
        .notFound(page: regularFile(SiteRoutes.notFound.outputFile))
    }

    /// The decoded, normalised segments of a request path; nil for anything that could leave the folder
    /// or is not a plain path. Empty and `.` segments are dropped; `..` is refused rather than resolved.
    static func segments(of rawPath: String) -> [String]? {
        guard rawPath.hasPrefix("/") else { return nil }
        var segments: [String] = []
        for rawSegment in rawPath.split(separator: "/", omittingEmptySubsequences: true) {
            guard let segment = String(rawSegment).removingPercentEncoding else { return nil }
            if segment == "." { continue }
            if segment == ".." || segment.contains("/") || segment.contains("\\") || segment.contains("\0") {
                return nil
            }
            segments.append(segment)
        }
        return segments
    }

    private enum Kind { case file(String), folder }

    private func kind(of relative: String) -> Kind? {
        if let file = regularFile(relative) { return .file(file) }
        var isDirectory: ObjCBool = false
        let candidate = root + "/" + relative
        if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue,
           inside(candidate) {
            return .folder
        }
        return nil
    }

    /// The absolute path of a regular file below the root, or nil; a symbolic link that leads out of the
    /// preview folder counts as missing.
    private func regularFile(_ relative: String) -> String? {
        let candidate = root + "/" + relative
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
              inside(candidate) else { return nil }
        return candidate
    }

    private func inside(_ path: String) -> Bool {
        let resolvedRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return resolved == resolvedRoot || resolved.hasPrefix(resolvedRoot.hasSuffix("/") ? resolvedRoot : resolvedRoot + "/")
    }

    private static func encode(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    /// The `Content-Type` of a file by its extension; text types carry `charset=utf-8`, as Herald writes them.
    public static func contentType(for path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "xml": return "application/xml; charset=utf-8"
        case "json": return "application/json; charset=utf-8"
        case "ics": return "text/calendar; charset=utf-8"
        case "txt": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "webp": return "image/webp"
        case "jpg", "jpeg": return "image/jpeg"
        case "png": return "image/png"
        case "gif": return "image/gif"
        case "avif": return "image/avif"
        case "ico": return "image/x-icon"
        case "mp4", "m4v": return "video/mp4"
        case "mov": return "video/quicktime"
        case "webm": return "video/webm"
        case "mp3": return "audio/mpeg"
        case "m4a": return "audio/mp4"
        case "pdf": return "application/pdf"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "zip": return "application/zip"
        case "doc": return "application/msword"
        case "docx": return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "xls": return "application/vnd.ms-excel"
        case "xlsx": return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        default: return "application/octet-stream"
        }
    }

    public static func isHTML(_ contentType: String) -> Bool {
        contentType.hasPrefix("text/html")
    }
}
