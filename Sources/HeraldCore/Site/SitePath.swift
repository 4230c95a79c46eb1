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
        // Almost every segment is plain ASCII (`hf-001`, `index.html`): no Foundation call for those.
        let plain = segment.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
        }
        if plain { return String(segment) }
        return String(segment).addingPercentEncoding(withAllowedCharacters: segmentAllowed) ?? String(segment)
    }
}
