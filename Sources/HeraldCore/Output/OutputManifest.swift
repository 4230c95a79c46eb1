import Foundation

/// What the last build left in `output/`, kept in the cache folder (`.herald-cache/output-HASH.json`, one
/// per output folder, so `herald serve`'s preview folder and `output/` do not take turns): for
/// each file its identity on disk and, for pages, the fingerprint of what it was rendered from.
///
/// A rebuild renders a page only when its fingerprint changed or its file in `output/` is not the one
/// the last build wrote (another size, modification time or inode: edited, replaced or gone). An
/// unchanged page is linked from `output/` into the staging folder without rendering, comparing or
/// reading it. The manifest is a cache: when it is missing, stale or from another output folder,
/// every page is rendered and compared as on a first build.
struct OutputManifest: Sendable {
    static func fileName(for output: String) -> String { "output-\(StableHash.hex(output)).json" }
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

    private struct Stored: Codable {
        var version: Int
        var output: String
        var files: [String: StoredEntry]
    }

    private struct StoredEntry: Codable {
        var s: Int          // size
        var m: Int64        // modified, ns
        var i: UInt64       // inode
        var f: String?      // fingerprint
        var x: [[String]]?  // links to fragments of other pages: target, "/" for a folder, fragment, link
    }

    /// The manifest for `output` in `cacheDirectory`; nil when there is none or it is for another folder.
    static func load(cacheDirectory: String, output: String) -> OutputManifest? {
        guard let data = FileSystem.read(cacheDirectory + "/" + fileName(for: output)),
              let stored = try? JSONDecoder().decode(Stored.self, from: data),
              stored.version == version, stored.output == output else { return nil }
        var entries: [String: Entry] = [:]
        entries.reserveCapacity(stored.files.count)
        for (file, entry) in stored.files {
            entries[file] = Entry(identity: FileSystem.Identity(size: entry.s, modified: entry.m, inode: entry.i),
                                  fingerprint: entry.f.flatMap(Fingerprint.init(hex:)),
                                  fragmentLinks: (entry.x ?? []).compactMap { fields in
                                      guard fields.count == 4 else { return nil }
                                      return LinkVerifier.FragmentLink(target: fields[0], isFolder: fields[1] == "/",
                                                                       fragment: fields[2], link: fields[3])
                                  })
        }
        return OutputManifest(output: output, entries: entries)
    }

    /// Writes the manifest (replacing the previous one whole, so a crash leaves the old or the new).
    func save(cacheDirectory: String) throws {
        var files: [String: StoredEntry] = [:]
        files.reserveCapacity(entries.count)
        for (file, entry) in entries {
            files[file] = StoredEntry(s: entry.identity.size, m: entry.identity.modified, i: entry.identity.inode,
                                      f: entry.fingerprint?.description,
                                      x: entry.fragmentLinks.isEmpty ? nil : entry.fragmentLinks.map {
                                          [$0.target, $0.isFolder ? "/" : "", $0.fragment, $0.link]
                                      })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(Stored(version: Self.version, output: output, files: files))
        try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: cacheDirectory + "/" + Self.fileName(for: output)), options: .atomic)
    }

    /// Forgets the manifest: the next build renders and compares every page.
    static func remove(cacheDirectory: String, output: String) {
        try? FileManager.default.removeItem(atPath: cacheDirectory + "/" + fileName(for: output))
    }
}
