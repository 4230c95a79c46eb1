import Foundation

/// Markdown rendered by the last build, kept in the cache folder (`.herald-cache/markdown-HASH.bin`, one
/// per content folder): a rebuild parses only the texts that changed, or whose links now lead elsewhere.
///
/// The HTML `MarkdownRenderer` makes is a function of the text, the renderer's settings and the answers
/// `resolve` gives for the text's destinations (asked in document order). An entry keeps the answers; a
/// later render of the same text asks `resolve` the same questions in the same order — so the link
/// check reports, and the media and anchors are recorded, exactly as a first render would — and returns
/// the stored HTML only when every answer is the same. When one differs, the text is rendered again,
/// the answers already given reused, so no question is asked twice.
///
/// It also keeps each page's summary (the leading text of its HTML, which takes parsing the HTML), by
/// the HTML's fingerprint.
///
/// A cache whose checksum, format or producing `herald` does not match counts as empty; only what this
/// build rendered is saved, so entries of deleted texts go away.
final class MarkdownMemo: @unchecked Sendable {
    static let version = 2

    struct Link: Equatable {
        var destination: MarkdownRenderer.Destination
        var answer: String?
    }

    struct Entry {
        var html: String
        var links: [Link]
    }

    private let file: String?
    private let previous: [Fingerprint: Entry]
    private var current: [Fingerprint: Entry] = [:]
    private let previousSummaries: [Fingerprint: String]
    private var currentSummaries: [Fingerprint: String] = [:]
    private var rendered = 0
    private var summarised = 0
    private var reusedCount = 0
    private let lock = NSLock()

    /// The memo of the content folder `contentRoot` in `cacheDirectory`.
    convenience init(cacheDirectory: String, contentRoot: String) {
        let root = FileSystem.realPath(contentRoot) ?? contentRoot
        let file = cacheDirectory + "/markdown-" + StableHash.hex(root) + ".bin"
        let stored = FileSystem.read(file).flatMap { Self.contents(of: [UInt8]($0)) }
        self.init(file: file, entries: stored?.entries ?? [:], summaries: stored?.summaries ?? [:])
    }

    /// A memo kept in memory only, starting from `entries` (tests).
    init(file: String? = nil, entries: [Fingerprint: Entry] = [:], summaries: [Fingerprint: String] = [:]) {
        self.file = file
        previous = entries
        previousSummaries = summaries
    }

    /// What this build rendered or reused, by key.
    var entries: [Fingerprint: Entry] {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// How many texts this build took from the memo.
    var reused: Int {
        lock.lock()
        defer { lock.unlock() }
        return reusedCount
    }

    /// `markdown` rendered by `renderer`: the stored HTML when every link is answered as before.
    func render(_ markdown: String, with renderer: MarkdownRenderer,
                resolve: (MarkdownRenderer.Destination) -> String?) -> String {
        var key = Fingerprint()
        key.add(renderer.settings)
        key.add(markdown)
        var answered: [Link] = []
        if let entry = previous[key] {
            for link in entry.links {
                let answer = resolve(link.destination)
                answered.append(Link(destination: link.destination, answer: answer))
                if answer != link.answer { break }
            }
            if answered == entry.links {
                remember(key, entry, rendered: false)
                return entry.html
            }
        }
        // Rendered afresh: questions answered above are not asked again (their messages are already out).
        var links: [Link] = []
        var given = answered[...]
        let html = renderer.parseAndRender(markdown) { destination in
            let answer: String?
            if let first = given.first, first.destination == destination {
                answer = first.answer
                given = given.dropFirst()
            } else {
                given = []   // the stored questions were not this text's: ask everything from here on
                answer = resolve(destination)
            }
            links.append(Link(destination: destination, answer: answer))
            return answer
        }
        remember(key, Entry(html: html, links: links), rendered: true)
        return html
    }

    /// `make(html)`, or what it gave for the same HTML before.
    func summary(of html: String, _ make: (String) -> String) -> String {
        var key = Fingerprint()
        key.add(html)
        if let summary = previousSummaries[key] {
            lock.lock()
            currentSummaries[key] = summary
            lock.unlock()
            return summary
        }
        let summary = make(html)
        lock.lock()
        currentSummaries[key] = summary
        summarised += 1
        lock.unlock()
        return summary
    }

    private func remember(_ key: Fingerprint, _ entry: Entry, rendered: Bool) {
        lock.lock()
        current[key] = entry
        if rendered { self.rendered += 1 } else { reusedCount += 1 }
        lock.unlock()
    }

    // MARK: - Storage

    private static var header: String { "herald-markdown \(version)\n\(CacheFile.producer)\n" }

    /// Writes what this build rendered or reused, replacing the previous file whole; nothing when every
    /// text was reused and none is gone.
    func save() {
        guard let file else { return }
        lock.lock()
        let unchanged = rendered == 0 && current.count == previous.count
            && summarised == 0 && currentSummaries.count == previousSummaries.count
        let entries = current, summaries = currentSummaries
        lock.unlock()
        guard !unchanged else { return }
        var writer = BinaryWriter()
        writer.append(raw: Array(Self.header.utf8))
        writer.append(UInt64(entries.count))
        for (key, entry) in entries.sorted(by: { ($0.key.high, $0.key.low) < ($1.key.high, $1.key.low) }) {
            writer.append(key)
            writer.append(entry.html)
            writer.append(UInt64(entry.links.count))
            for link in entry.links {
                writer.append(link.destination.url)
                writer.append(link.destination.line)
                writer.append(link.destination.column)
                writer.append(link.destination.isImage)
                writer.append(link.answer)
            }
        }
        writer.append(UInt64(summaries.count))
        for (key, summary) in summaries.sorted(by: { ($0.key.high, $0.key.low) < ($1.key.high, $1.key.low) }) {
            writer.append(key)
            writer.append(summary)
        }
        try? CacheFile.replace(file, with: CacheFile.sealed(writer))
    }

    private static func contents(of bytes: [UInt8]) -> (entries: [Fingerprint: Entry], summaries: [Fingerprint: String])? {
        guard var reader = CacheFile.unsealed(bytes, header: header), let entryCount = reader.unsigned(),
              entryCount <= UInt64(bytes.count) else { return nil }
        var entries: [Fingerprint: Entry] = [:]
        for _ in 0..<entryCount {
            guard let key = reader.fingerprint(), let html = reader.string(),
                  let count = reader.unsigned(), count <= UInt64(bytes.count) else { return nil }
            var links: [Link] = []
            for _ in 0..<count {
                guard let url = reader.string(), let line = reader.integer(), let column = reader.integer(),
                      let isImage = reader.bool(), let answer = reader.optionalString() else { return nil }
                links.append(Link(destination: .init(url: url, line: line, column: column, isImage: isImage), answer: answer))
            }
            entries[key] = Entry(html: html, links: links)
        }
        guard let summaryCount = reader.unsigned(), summaryCount <= UInt64(bytes.count) else { return nil }
        var summaries: [Fingerprint: String] = [:]
        for _ in 0..<summaryCount {
            guard let key = reader.fingerprint(), let summary = reader.string() else { return nil }
            summaries[key] = summary
        }
        return reader.isAtEnd ? (entries, summaries) : nil
    }
}
