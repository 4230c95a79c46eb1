import Foundation

public struct BuildOptions: Sendable {
    public var contentDirectory: String
    /// A site's own layouts; nil or a missing folder means the built-in theme alone.
    public var layoutsDirectory: String?
    public var outputDirectory: String
    /// The clock for everything time-dependent (`--now`).
    public var now: Date
    /// `--drafts`: show drafts and embargoed items, marked as previews and `noindex`.
    public var includeDrafts: Bool
    /// Where processed images are kept between builds; nil: no cache.
    public var cacheDirectory: String?

    public init(contentDirectory: String = "content", layoutsDirectory: String? = "layouts",
                outputDirectory: String = "output", now: Date = Date(), includeDrafts: Bool = false,
                cacheDirectory: String? = nil) {
        self.contentDirectory = contentDirectory
        self.layoutsDirectory = layoutsDirectory
        self.outputDirectory = outputDirectory
        self.now = now
        self.includeDrafts = includeDrafts
        self.cacheDirectory = cacheDirectory
    }
}

/// What a long build reports as it goes, for a progress line in a terminal.
public enum BuildProgress: Sendable {
    case coversProcessed(done: Int, total: Int)
    case pagesRendered(done: Int, total: Int)
}

public struct BuildReport: Sendable {
    public var diagnostics: Diagnostics
    /// Files in the new `output/`; zero when the build failed and `output/` was left alone.
    /// Files in the new `output/`, and how many of them were left as the previous build wrote them.
    public var filesWritten: Int
    public var pagesWritten: Int
    public var filesUnchanged = 0
    /// Pages not rendered at all: the previous output holds them, made from the same data and layouts.
    public var pagesReused = 0
    /// Cover thumbnails encoded by this build, and taken from the cache instead.
    public var imagesEncoded = 0
    public var imagesReused = 0
    public var succeeded: Bool { !diagnostics.hasErrors }
}

/// The build, as one list of named stages:
///
///     load → validate → resolve → render → write → verify
///
/// Problems are collected per stage; load, validate and resolve all run (every mistake in one run), the
/// build stops before rendering if any found an error, and nothing reaches `output/` unless every stage passed.
public struct BuildPipeline {
    public let options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    /// What the checking stages found: the content as read, and the resolved site when nothing failed.
    public struct CheckResult {
        public var campaign: Campaign?
        public var scores: ContestScores?
        public var resolved: ResolvedSite?
        public var theme: Theme
        public var diagnostics: Diagnostics
        /// What resolving rendered, for the next build (`save` it).
        var markdownMemo: MarkdownMemo?
    }

    /// Load, validate and resolve: everything `herald check` reports, without rendering or writing.
    /// `theme`: one the caller already loaded (the fuzzers check thousands of inputs against one theme).
    public func check(theme loadedTheme: Theme? = nil) -> CheckResult {
        var diagnostics = Diagnostics()
        let content = ContentDirectory(root: options.contentDirectory)
        // The last build's rendered Markdown is read (tens of megabytes on a large contest) while the
        // content is loaded and checked.
        let options = self.options
        let memoLoaded = Parallel.Background {
            StageTimer.measure("markdown memo load") {
                options.cacheDirectory.map { MarkdownMemo(cacheDirectory: $0, contentRoot: options.contentDirectory) }
            }
        }
        let campaign = StageTimer.measure("load") { ContentLoader(content: content, cacheDirectory: options.cacheDirectory).load(into: &diagnostics) }
        let theme = loadedTheme ?? StageTimer.measure("theme") { Theme.load(overrides: options.layoutsDirectory, diagnostics: &diagnostics) }
        guard let campaign else { return CheckResult(campaign: nil, theme: theme, diagnostics: diagnostics) }

        // Validation and resolution run even after errors elsewhere, so an editor sees every mistake at once
        // (a broken link in one notice beside a bad date in another); links to a file that did not load
        // are not reported again.
        let scores = StageTimer.measure("validate") { Validator(campaign: campaign, theme: theme, cacheDirectory: options.cacheDirectory).validate(into: &diagnostics) }

        let clock = PublicationClock(now: options.now, includesDrafts: options.includeDrafts,
                                     timeZone: campaign.site.timeZone)
        let memo = memoLoaded.value
        let resolved = StageTimer.measure("resolve") {
            Resolver(campaign: campaign, scores: scores, clock: clock, markdownMemo: memo).resolve(into: &diagnostics)
        }
        return CheckResult(campaign: campaign, scores: scores, resolved: diagnostics.hasErrors ? nil : resolved,
                           theme: theme, diagnostics: diagnostics, markdownMemo: memo)
    }

    public func build(progress: (BuildProgress) -> Void = { _ in }) -> BuildReport {
        // The staging folder is prepared (the spare claimed and listed: 0.4 s at 30,000 singers) and the
        // last build's manifest read while the content is checked; a build that stops at a content error
        // gives the staging folder back as the spare.
        let options = self.options
        let staging = Parallel.Background {
            Result {
                let output = try StageTimer.measure("staging") {
                    try StagedOutput(destination: options.outputDirectory, protecting: options.contentDirectory)
                }
                let previous = StageTimer.measure("manifest") {
                    options.cacheDirectory.flatMap { OutputManifest.load(cacheDirectory: $0, output: output.destination.path) }
                }
                return (output, previous)
            }
        }
        let checked = check()
        // What was rendered is kept for the next build while this one goes on.
        let memo = checked.markdownMemo
        let memoSaved = Parallel.Background { StageTimer.measure("markdown memo save") { memo?.save() } }
        defer { memoSaved.value }
        var diagnostics = checked.diagnostics
        let theme = checked.theme
        guard let resolved = checked.resolved else {
            (try? staging.value.get())?.0.discard()
            return BuildReport(diagnostics: diagnostics, filesWritten: 0, pagesWritten: 0)
        }

        let output: StagedOutput
        let previous: OutputManifest?
        do {
            (output, previous) = try staging.value.get()
        } catch {
            diagnostics.error(at: SourceLocation(file: options.outputDirectory), "\(error)",
                              hint: "用 `--output 路径` 指定一个专用的输出文件夹")
            return BuildReport(diagnostics: diagnostics, filesWritten: 0, pagesWritten: 0)
        }
        var pages = 0
        var reused = 0
        let verifier = LinkVerifier(sources: resolved.sources, anchorLinks: resolved.anchorLinks)
        let thumbnailer = CoverThumbnailer(cacheDirectory: options.cacheDirectory.map { URL(fileURLWithPath: $0) })
        var coverJob: CoverJob?
        defer { coverJob?.wait() }   // never leave thumbnails being written into a folder swapped or discarded
        do {
            let content = ContentDirectory(root: options.contentDirectory)
            let (covers, job) = try StageTimer.measure("media") {
                try MediaPublisher(resolved: resolved, content: content, thumbnailer: thumbnailer, previousOutput: previous,
                                   stems: options.cacheDirectory.map { CoverStemCache(cacheDirectory: $0, contentRoot: options.contentDirectory) })
                    .publish(into: output, diagnostics: &diagnostics)
            }
            coverJob = job
            // Each page is read back for the link check while its bytes are in memory, on the thread that wrote it.
            let writing = StageTimer.Accumulator("write+scan (summed over threads)")
            defer { writing.report() }
            @Sendable func store(_ file: OutputFile) throws {
                try writing.measure {
                    try output.write(file)
                    verifier.scan(file)
                }
            }
            var renderer = PageRenderer(resolved: resolved, theme: theme, covers: covers)
            renderer.previousOutput = previous
            let expected = renderer.expectedPageCount
            func count(_ files: [OutputFile]) {
                reused += files.filter(\.isUnchanged).count
                let before = pages
                pages += files.filter { $0.path.outputFile.hasSuffix(".html") }.count
                if pages / 100 != before / 100 || pages == expected { progress(.pagesRendered(done: pages, total: expected)) }
            }
            try StageTimer.measure("render+write") {
                try renderer.render(into: &diagnostics, store: store, counted: count)
            }
        } catch {
            diagnostics.error(at: SourceLocation(file: options.outputDirectory), "\(error)", hint: "检查磁盘空间和写入权限")
        }
        StageTimer.measure("thumbnails (waited for)") {
            coverJob?.finish(into: output, contest: resolved.contest, diagnostics: &diagnostics, progress: progress)
        }
        StageTimer.measure("leftovers") { output.removeLeftovers() }
        if !diagnostics.hasErrors {
            StageTimer.measure("verify") {
                verifier.verify(files: output.writtenFiles, previousFiles: Set(previous?.files ?? [:].keys),
                                readBack: { FileSystem.read(output.staging.path + "/" + $0) }, into: &diagnostics)
            }
        }
        guard !diagnostics.hasErrors else {
            output.discard()
            return BuildReport(diagnostics: diagnostics, filesWritten: 0, pagesWritten: 0)
        }
        do {
            // The manifest goes first: if the swap fails, its identities match no file and it is ignored.
            if let cache = options.cacheDirectory {
                OutputManifest.remove(cacheDirectory: cache, output: output.destination.path)
            }
            try StageTimer.measure("swap") { try output.commit() }
        } catch {
            output.discard()
            diagnostics.error(at: SourceLocation(file: options.outputDirectory), "\(error)", hint: "检查写入权限")
            return BuildReport(diagnostics: diagnostics, filesWritten: 0, pagesWritten: 0)
        }
        if let cache = options.cacheDirectory {
            var entries = output.manifestEntries
            for (page, links) in verifier.fragmentLinks { entries[page]?.fragmentLinks = links }
            // A build that cannot save its manifest still succeeded: the next one renders every page.
            try? StageTimer.measure("manifest save") {
                try OutputManifest(output: output.destination.path, entries: entries).save(cacheDirectory: cache)
            }
        }
        return BuildReport(diagnostics: diagnostics, filesWritten: output.writtenFiles.count, pagesWritten: pages,
                           filesUnchanged: output.unchangedFiles, pagesReused: reused,
                           imagesEncoded: thumbnailer.encoded, imagesReused: thumbnailer.reused)
    }
}
