import Foundation

/// What the last build left in `output/`, kept in the cache folder (`.herald-cache/output-HASH.tsv`, one
/// per output folder, so `herald serve`'s preview folder and `output/` do not take turns): for
/// each file its identity on disk and, for pages, the fingerprint of what it was rendered from.
///
/// A rebuild renders a page only when its fingerprint changed or its file in `output/` is not the one
/// the last build wrote (another size, modification time or inode: edited, replaced or gone). An
/// unchanged page is linked from `output/` into the staging folder without rendering, comparing or
/// reading it. The manifest is a cache: when it is missing, stale or from another output folder,
/// every page is rendered and compared as on a first build.
struct OutputManifest: Sendable {
    static func fileName(for output: String) -> String { "output-\(StableHash.hex(output)).tsv" }
    static let version = 1

    struct Entry: Sendable {
        var identity: FileSystem.Identity
        var fingerprint: Fingerprint?
        /// The page's links to a `#fragment` of another page: checked again on every build, because the
        /// other page's anchors may have changed even when this page did not.
        var fragmentLinks: [LinkVerifier.FragmentLink] = []
    }

    /// The output folder (absolute, standardised) the entries describe.
    let output: String
    private(set) var entries: [String: Entry]

    init(output: String, entries: [String: Entry]) {
        self.output = output
        self.entries = entries
    }

    var files: Dictionary<String, Entry>.Keys { entries.keys }

    /// The entry of the page at `file` (relative to `output/`) when it would be rendered from the same
    /// `fingerprint` as the file now there, and that file is still the one the last build wrote.
    func holdsUnchanged(_ file: String, fingerprint: Fingerprint) -> Entry? {
        guard let entry = entries[file], entry.fingerprint == fingerprint,
              let status = FileSystem.status(output + "/" + file, followingLinks: false), status.isRegularFile,
              status.identity == entry.identity else { return nil }
        return entry
    }

    // MARK: - Storage

    /// A header, the output folder and the producing program (`CacheFile.producer`), then one line per
    /// file, fields separated by tabs: path, size, modification time (ns), inode, fingerprint (`-` for none), and the links to anchors of other pages (each as target, `/` for a
    /// folder, fragment and link separated by U+001F, links separated by U+001E). A tab, line break,
    /// separator or `%` inside a field is percent-encoded. Tens of thousands of lines are read in
    /// a few milliseconds; a line that does not parse makes the whole manifest unusable (nil).
    private static let header = "herald-output-manifest \(version)"

    /// The manifest for `output` in `cacheDirectory`; nil when there is none or it is for another folder.
    static func load(cacheDirectory: String, output: String) -> OutputManifest? {
        guard let data = FileSystem.read(cacheDirectory + "/" + fileName(for: output)) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        // Split on the bytes: "\n" and "\t" are single bytes in UTF-8 (splitting the text by Character
        // would run grapheme breaking over megabytes).
        var lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }[...]
        guard lines.popFirst() == Substring(header), lines.popFirst().map(unescape) == output,
              lines.popFirst() == Substring(CacheFile.producer) else { return nil }
        var entries: [String: Entry] = [:]
        entries.reserveCapacity(lines.count)
        for line in lines where !line.isEmpty {
            let fields = line.utf8.split(separator: 0x09, omittingEmptySubsequences: false).map { Substring($0) }
            guard fields.count == 6, let size = Int(fields[1]), let modified = Int64(fields[2]), let inode = UInt64(fields[3])
            else { return nil }
            let fingerprint = fields[4] == "-" ? nil : Fingerprint(hex: String(fields[4]))
            var links: [LinkVerifier.FragmentLink] = []
            for link in fields[5].utf8.split(separator: 0x1E).map({ Substring($0) }) {
                let parts = link.utf8.split(separator: 0x1F, omittingEmptySubsequences: false).map { Substring($0) }
                guard parts.count == 4 else { return nil }
                links.append(LinkVerifier.FragmentLink(target: unescape(parts[0]), isFolder: parts[1] == "/",
                                                       fragment: unescape(parts[2]), link: unescape(parts[3])))
            }
            entries[unescape(fields[0])] = Entry(identity: FileSystem.Identity(size: size, modified: modified, inode: inode),
                                                 fingerprint: fingerprint, fragmentLinks: links)
        }
        return OutputManifest(output: output, entries: entries)
    }

    /// Writes the manifest (replacing the previous one whole, so a crash leaves the old or the new).
    func save(cacheDirectory: String) throws {
        var text = Self.header + "\n" + Self.escape(output) + "\n" + CacheFile.producer + "\n"
        for (file, entry) in entries.sorted(by: { $0.key < $1.key }) {
            let links = entry.fragmentLinks.map { link in
                [Self.escape(link.target), link.isFolder ? "/" : "", Self.escape(link.fragment), Self.escape(link.link)]
                    .joined(separator: "\u{1F}")
            }.joined(separator: "\u{1E}")
            text += [Self.escape(file), String(entry.identity.size), String(entry.identity.modified), String(entry.identity.inode),
                     entry.fingerprint?.description ?? "-", links].joined(separator: "\t") + "\n"
        }
        try CacheFile.replace(cacheDirectory + "/" + Self.fileName(for: output), with: Data(text.utf8))
    }

    private static let reserved: Set<Character> = ["%", "\t", "\n", "\r", "\u{1E}", "\u{1F}"]

    private static func escape(_ field: String) -> String {
        guard field.utf8.contains(where: { [0x25, 0x09, 0x0A, 0x0D, 0x1E, 0x1F].contains($0) }) else { return field }
        var escaped = ""
        for character in field {
            if reserved.contains(character), let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 {
                escaped += String(format: "%%%02X", scalar.value)
            } else if character == "\r\n" {
                escaped += "%0D%0A"
            } else {
                escaped.append(character)
            }
        }
        return escaped
    }

    private static func unescape(_ field: Substring) -> String {
        field.utf8.contains(0x25) ? (String(field).removingPercentEncoding ?? String(field)) : String(field)
    }

    /// Forgets the manifest: the next build renders and compares every page.
    static func remove(cacheDirectory: String, output: String) {
        try? FileManager.default.removeItem(atPath: cacheDirectory + "/" + fileName(for: output))
    }
}
