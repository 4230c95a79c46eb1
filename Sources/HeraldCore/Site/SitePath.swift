import Foundation

/// A location in the built site, relative to its root: `""` (home), `notices/`, `notices/a/`,
/// `media/rules.pdf`. Pages are folders (pretty URLs); files are not.
public struct SitePath: Sendable, Hashable, Comparable {
    public var value: String

    public init(_ value: String) { self.value = value }

    public static let root = SitePath("")

    public var isFolder: Bool { value.isEmpty || value.hasSuffix("/") }

    /// The file that holds it in `output/`.
    public var outputFile: String { isFolder ? value + "index.html" : value }

    /// The folder a relative link from this location starts in.
    var folderSegments: [Substring] {
        let segments = value.split(separator: "/", omittingEmptySubsequences: true)
        return isFolder ? segments : Array(segments.dropLast())
    }

    /// `./`, `../`, `../../`: the way back to the site root from this location.
    public var rootPrefix: String {
        let depth = folderSegments.count
        return depth == 0 ? "./" : String(repeating: "../", count: depth)
    }

    /// The relative URL that leads from this location to `target`, percent-encoded.
    public func relativeURL(to target: SitePath) -> String {
        let from = folderSegments
        var to = target.value.split(separator: "/", omittingEmptySubsequences: true)
        var fileName: Substring?
        if !target.isFolder { fileName = to.popLast() }
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        var parts = Array(repeating: "..", count: from.count - common)
        parts += to[common...].map { Self.encode($0) }
        var url = parts.joined(separator: "/")
        if let fileName {
            url += (url.isEmpty ? "" : "/") + Self.encode(fileName)
        } else {
            url += url.isEmpty ? "./" : "/"
        }
        return url
    }

    public static func < (lhs: SitePath, rhs: SitePath) -> Bool { lhs.value < rhs.value }

    private static let segmentAllowed: CharacterSet = {
        var set = CharacterSet.urlPathAllowed
        set.remove(charactersIn: "/;?#[]@!$&'()*+,=:")
        return set
    }()

    static func encode(_ segment: Substring) -> String {
        String(segment).addingPercentEncoding(withAllowedCharacters: segmentAllowed) ?? String(segment)
    }
}
