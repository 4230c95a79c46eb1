import Foundation

/// What the last build left in `output/`, kept in the cache folder (`.herald-cache/output-HASH.bin`, one
/// per output folder, so `herald serve`'s preview folder and `output/` do not take turns): for
/// each file its identity on disk and, for pages, the fingerprint of what it was rendered from.
///
/// A rebuild renders a page only when its fingerprint changed or its file in `output/` is not the one
/// the last build wrote (another size, modification time or inode: edited, replaced or gone). An
/// unchanged page is linked from `output/` into the staging folder without rendering, comparing or
/// reading it. The manifest is a cache: when it is missing, stale or from another output folder,
/// every page is rendered and compared as on a first build.
struct OutputManifest: Sendable {
    static func fileName(for output: String) -> String { "output-\(StableHash.hex(output)).bin" }
    static let version = 3

    struct Entry: Sendable {
        var identity: FileSystem.Identity
        var fingerprint: Fingerprint?
        /// The page's links to a `#fragment` of another page: checked again on every build, because the
        /// other page's anchors may have changed even when this page did not.
        var fragmentLinks: [LinkVerifier.FragmentLink] = []
        /// For a file copied from `content/` (a video, an attachment): the source's identity and status-change
        /// time when it was copied, so a rebuild need not read both to know the copy is still the same.
        var source: FileSystem.Stamp? = nil
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
        entries[file].flatMap { $0.fingerprint == fingerprint ? stillThere($0, at: file) : nil }
    }

    /// The entry of a file copied from `content/` when its source is still as it was then (`source`) and
    /// the copy now at `file` in `output/` is still the one the last build wrote.
    func holdsUnchangedCopy(_ file: String, of source: FileSystem.Stamp) -> Entry? {
        entries[file].flatMap { $0.fingerprint == nil && $0.source == source ? stillThere($0, at: file) : nil }
    }

    /// The entry of a file that is not a page (a thumbnail) when the file now at `file` in `output/` is
    /// still the one the last build wrote.
    func holdsUnchanged(_ file: String) -> Entry? {
        entries[file].flatMap { $0.fingerprint == nil ? stillThere($0, at: file) : nil }
    }

    /// `entry` when the file at `file` in `output/` is the one it records (not edited, replaced or gone).
    private func stillThere(_ entry: Entry, at file: String) -> Entry? {
        guard let status = FileSystem.status(output + "/" + file, followingLinks: false), status.isRegularFile,
              status.identity == entry.identity else { return nil }
        return entry
    }

    // MARK: - Storage

    /// In Herald's cache format (`BinaryWriter`, sealed with a checksum; `CacheFile`): a header naming the
    /// format and the producing program, the output folder, then per file its path, identity, fingerprint
    /// and links to anchors of other pages. A manifest that does not read back whole is none (nil).
    private static var header: String { "herald-output-manifest \(version)\n\(CacheFile.producer)\n" }

    /// The manifest for `output` in `cacheDirectory`; nil when there is none or it is for another folder.
    static func load(cacheDirectory: String, output: String) -> OutputManifest? {
        guard let data = FileSystem.read(cacheDirectory + "/" + fileName(for: output)),
              var reader = CacheFile.unsealed([UInt8](data), header: header), reader.string() == output,
              let count = reader.integer(), count >= 0, count <= data.count / 6 else { return nil }   // ≥ 6 bytes an entry
        var entries: [String: Entry] = [:]
        entries.reserveCapacity(count)
        for _ in 0..<count {
            guard let file = reader.string(), let identity = reader.identity(),
                  let fingerprint = reader.optional({ $0.fingerprint() }), let source = reader.optional({ $0.stamp() })
            else { return nil }
            guard let linkCount = reader.integer(), linkCount >= 0 else { return nil }
            var links: [LinkVerifier.FragmentLink] = []
            for _ in 0..<linkCount {
                guard let target = reader.string(), let isFolder = reader.bool(), let fragment = reader.string(),
                      let link = reader.string() else { return nil }
                links.append(LinkVerifier.FragmentLink(target: target, isFolder: isFolder, fragment: fragment, link: link))
            }
            entries[file] = Entry(identity: identity, fingerprint: fingerprint, fragmentLinks: links, source: source)
        }
        return reader.isAtEnd ? OutputManifest(output: output, entries: entries) : nil
    }

    /// Writes the manifest (replacing the previous one whole, so a crash leaves the old or the new).
    func save(cacheDirectory: String) throws {
        var writer = BinaryWriter()
        writer.append(raw: Array(Self.header.utf8))
        writer.append(output)
        writer.append(entries.count)
        for (file, entry) in entries.sorted(by: { $0.key < $1.key }) {
            writer.append(file)
            writer.append(entry.identity)
            writer.append(entry.fingerprint) { $0.append($1) }
            writer.append(entry.source) { $0.append($1) }
            writer.append(entry.fragmentLinks.count)
            for link in entry.fragmentLinks {
                writer.append(link.target)
                writer.append(link.isFolder)
                writer.append(link.fragment)
                writer.append(link.link)
            }
        }
        try CacheFile.replace(cacheDirectory + "/" + Self.fileName(for: output), with: CacheFile.sealed(writer))
        // Builds before the binary format kept the manifest as text.
        unlink(cacheDirectory + "/output-\(StableHash.hex(output)).tsv")
    }

    /// Forgets the manifest: the next build renders and compares every page.
    static func remove(cacheDirectory: String, output: String) {
        try? FileManager.default.removeItem(atPath: cacheDirectory + "/" + fileName(for: output))
    }
}
