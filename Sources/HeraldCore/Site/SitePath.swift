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
    ///
    /// Made on the bytes of the two paths: a large site asks for millions of these (every link of every
    /// singer page), and splitting both paths into arrays of strings was a tenth of a rebuild.
    public func relativeURL(to target: SitePath) -> String {
        let from = value.utf8, to = target.value.utf8
        // The folder this location is in: the whole path for a page, up to the last `/` for a file.
        let folderEnd = isFolder ? from.endIndex : (from.lastIndex(of: UInt8(ascii: "/")).map(from.index(after:)) ?? from.startIndex)
        // The common folders: the longest shared prefix that ends just after a `/` in both.
        var shared = 0, offset = 0
        var fromIndex = from.startIndex, toIndex = to.startIndex
        while fromIndex < folderEnd, toIndex < to.endIndex, from[fromIndex] == to[toIndex] {
            offset += 1
            if from[fromIndex] == UInt8(ascii: "/") { shared = offset }
            fromIndex = from.index(after: fromIndex)
            toIndex = to.index(after: toIndex)
        }
        let remainingFolders = from[from.index(from.startIndex, offsetBy: shared)..<folderEnd]
            .reduce(0) { $0 + ($1 == UInt8(ascii: "/") ? 1 : 0) }
        let rest = target.value.utf8.dropFirst(shared)
        var url = String(repeating: "../", count: remainingFolders)
        if rest.allSatisfy({ Self.isPlain($0) || $0 == UInt8(ascii: "/") }) {
            url += String(decoding: rest, as: UTF8.self)
        } else {
            url += Substring(rest).split(separator: "/", omittingEmptySubsequences: false).map(Self.encode).joined(separator: "/")
        }
        return url.isEmpty ? "./" : url
    }

    public static func < (lhs: SitePath, rhs: SitePath) -> Bool { lhs.value < rhs.value }

    private static let segmentAllowed: CharacterSet = {
        var set = CharacterSet.urlPathAllowed
        set.remove(charactersIn: "/;?#[]@!$&'()*+,=:")
        return set
    }()

    /// Letters, digits and `-._~`: never percent-encoded in a path segment.
    private static func isPlain(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
    }

    static func encode(_ segment: Substring) -> String {
        // Almost every segment is plain ASCII (`hf-001`, `index.html`): no Foundation call for those.
        if segment.utf8.allSatisfy(isPlain) { return String(segment) }
        return String(segment).addingPercentEncoding(withAllowedCharacters: segmentAllowed) ?? String(segment)
    }
}
