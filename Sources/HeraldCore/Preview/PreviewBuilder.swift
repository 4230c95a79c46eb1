import Foundation

/// `herald serve`'s builds: the ordinary pipeline, writing into a preview folder instead of `output/`.
public struct PreviewBuilder: Sendable {
    public var contentDirectory: String
    public var layoutsDirectory: String?
    /// Where the preview is built; `herald serve` serves exactly these files.
    public var previewDirectory: String
    /// Processed images, shared with `herald build` (file names are content hashes).
    public var cacheDirectory: String?
    /// `--now`; nil: the real clock at each rebuild, so an embargo that ends while previewing lifts.
    public var now: Date?
    public var includeDrafts: Bool

    public init(contentDirectory: String, layoutsDirectory: String?, previewDirectory: String,
                cacheDirectory: String?, now: Date?, includeDrafts: Bool) {
        self.contentDirectory = contentDirectory
        self.layoutsDirectory = layoutsDirectory
        self.previewDirectory = previewDirectory
        self.cacheDirectory = cacheDirectory
        self.now = now
        self.includeDrafts = includeDrafts
    }

    /// The folders beside `content/`: `.herald-preview/site` for the preview (its staging folders stay
    /// inside `.herald-preview/`) and `.herald-cache`, the cache `herald build` uses beside `output/`.
    public static func defaultFolders(content: String) -> (preview: String, cache: String) {
        let trimmed = content.count > 1 && content.hasSuffix("/") ? String(content.dropLast()) : content
        let parent = folderPart(of: trimmed)
        let prefix = parent.isEmpty ? "" : parent + "/"
        return (prefix + ".herald-preview/site", prefix + ".herald-cache")
    }

    public struct Result: Sendable {
        public var report: BuildReport
        /// The path part of `base_url` after a successful build (the preview is served under it).
        public var basePath: String?
        public var seconds: TimeInterval
        public var succeeded: Bool { report.succeeded }
    }

    public func build() -> Result {
        let started = Date()
        let options = BuildOptions(contentDirectory: contentDirectory, layoutsDirectory: layoutsDirectory,
                                   outputDirectory: previewDirectory, now: now ?? Date(),
                                   includeDrafts: includeDrafts, cacheDirectory: cacheDirectory)
        let report = BuildPipeline(options: options).build()
        let basePath = report.succeeded ? Self.readBasePath(content: contentDirectory) : nil
        return Result(report: report, basePath: basePath, seconds: Date().timeIntervalSince(started))
    }

    /// `base_url`'s path, read from `site.yml` (which the build just accepted).
    public static func readBasePath(content: String) -> String? {
        let directory = ContentDirectory(root: content)
        var diagnostics = Diagnostics()
        guard let text = directory.readText("site.yml", limit: directory.limits.yamlBytes, diagnostics: &diagnostics),
              let site = SiteConfig.load(from: directory.displayPath("site.yml"), text: text, diagnostics: &diagnostics)
        else { return nil }
        return site.basePath
    }
}
