import Foundation

/// Part of the write stage: puts the site's media into the staging output before pages are rendered —
/// linked attachments and contestants' videos copied as they are, covers only as thumbnails made for
/// the web (the original photos, with their EXIF and GPS data, never leave `content/`).
struct MediaPublisher {
    let resolved: ResolvedSite
    let content: ContentDirectory
    let thumbnailer: CoverThumbnailer
    /// What the last build left in `output/`: thumbnails still there as it wrote them are taken as they
    /// are (their names come from the covers' bytes, so the same name is the same picture).
    var previousOutput: OutputManifest? = nil
    /// Each cover's thumbnail name stem by the cover file's identity, so unchanged covers are not read.
    var stems: CoverStemCache? = nil

    /// Cover file (content-relative) → its thumbnails, smallest first, WebP before JPEG.
    typealias Covers = [String: [CoverThumbnail]]

    /// Copies media now; returns the covers' planned thumbnails and the job making them.
    func publish(into output: StagedOutput, diagnostics: inout Diagnostics) throws -> (Covers, CoverJob) {
        // One file per singer at most: each checked (and linked or copied) on every core.
        var copied = Set<String>()
        let files = (resolved.media + (resolved.contest?.publishedVideoFiles ?? [])).filter { copied.insert($0).inserted }
        let content = self.content, previousOutput = self.previousOutput
        try Parallel.forEach(files) { file in
            // Checked when resolved; read through the real path so a link swapped in meanwhile cannot lead outside.
            guard let source = content.fileInside(file) else { return }
            try output.copy(from: source, to: SitePath(file), previous: previousOutput)
        }
        var covers: Covers = [:]
        let job = CoverJob()
        guard let contest = resolved.contest else { return (covers, job) }
        let directory = output.folderURL(for: SiteRoutes.thumbnails)
        // Thumbnail names come from the covers' bytes: pages can be rendered from them at once, while
        // decoding and encoding (the slowest step of a first build with real photos) runs on other threads.
        // Each cover is planned on every core (its stem from the cache, or its bytes).
        let publisher = self
        let plans = Parallel.map(contest.coverFiles) { cover in
            content.fileInside(cover).map { source in
                (cover: cover, source: source, plan: Result { () throws(CoverThumbnailError) in try publisher.plan(cover, source: source) })
            }
        }
        // Covers with the same bytes share their thumbnails: made (or taken) once.
        var distinct: [(cover: String, source: String, stem: String, thumbnails: [CoverThumbnail])] = []
        var stemsSeen = Set<String>()
        for case let (cover, source, plan)? in plans {
            switch plan {
            case .success(let plan):
                covers[cover] = plan.thumbnails
                if stemsSeen.insert(plan.stem).inserted { distinct.append((cover, source, plan.stem, plan.thumbnails)) }
            case .failure(let error):
                job.report(error, for: cover, in: contest, into: &diagnostics)
            }
        }
        // Thumbnails the last build wrote and output/ still holds are taken as they are; the others are made.
        let kept = Parallel.map(distinct) { item -> [OutputFile]? in
            let files = item.thumbnails.compactMap { thumbnail -> OutputFile? in
                let path = SiteRoutes.thumbnail(thumbnail.fileName)
                guard let entry = previousOutput?.holdsUnchanged(path.outputFile) else { return nil }
                var file = OutputFile(path: path, data: Data())
                file.previousIdentity = entry.identity
                return file
            }
            return files.count == item.thumbnails.count ? files : nil
        }
        var planned: [(cover: String, source: String, stem: String)] = []
        for (item, files) in zip(distinct, kept) where files == nil { planned.append((item.cover, item.source, item.stem)) }
        let taken = kept.compactMap { $0 }.flatMap { $0 }
        try Parallel.forEach(taken, output.write)
        thumbnailer.noteReused(taken.count)
        stems?.save()
        job.start(planned, thumbnailer: thumbnailer, into: directory)
        return (covers, job)
    }
}

extension MediaPublisher {
    /// The cover's thumbnails as `CoverThumbnailer.plan` gives them, the stem from the cache when the
    /// cover file is the one it was taken from.
    fileprivate func plan(_ cover: String, source: String) throws(CoverThumbnailError) -> (stem: String, thumbnails: [CoverThumbnail]) {
        guard let stems else { return try CoverThumbnailer.plan(for: source) }
        let stem = try stems.fact(of: cover, in: content) {
            Result { () throws(CoverThumbnailError) in try CoverThumbnailer.plan(for: source).stem }
        }.get()
        return (stem, CoverThumbnailer.thumbnails(stem: stem))
    }
}

/// Cover thumbnails being made on other threads while pages render; `finish` waits for them, records
/// them in the staging output and reports covers that could not be made.
final class CoverJob: @unchecked Sendable {
    private var planned: [(cover: String, source: String, stem: String)] = []
    private var making: Parallel.Background<[Result<[CoverThumbnail], CoverThumbnailError>]>?

    fileprivate func start(_ planned: [(cover: String, source: String, stem: String)], thumbnailer: CoverThumbnailer,
                           into directory: URL) {
        self.planned = planned
        guard !planned.isEmpty else { return }
        making = Parallel.Background {
            Parallel.map(planned) { item in
                Result { () throws(CoverThumbnailError) in
                    try thumbnailer.thumbnails(for: item.source, into: directory, stem: item.stem)
                }
            }
        }
    }

    /// Waits until every thumbnail is made (call on every path, before the staging folder is swapped or
    /// discarded).
    func wait() {
        _ = making?.value
    }

    func finish(into output: StagedOutput, contest: ResolvedContest?, diagnostics: inout Diagnostics,
                progress: (BuildProgress) -> Void = { _ in }) {
        var unwritable: CoverThumbnailError?
        for (item, result) in zip(planned, making?.value ?? []) {
            switch result {
            case .success(let thumbnails):
                thumbnails.forEach { output.recordContentAddressed(SiteRoutes.thumbnail($0.fileName)) }
            case .failure(let error) where error.reason == .unwritable:
                unwritable = unwritable ?? error   // the disk's or a folder's fault, not the cover's: said once
            case .failure(let error):
                if let contest { report(error, for: item.cover, in: contest, into: &diagnostics) }
            }
        }
        if let unwritable {
            diagnostics.error(at: SourceLocation(file: output.destination.path), "封面缩略图无法写入：\(unwritable.detail)",
                              hint: "检查输出文件夹和 .herald-cache/ 所在磁盘的空间与写入权限")
        }
        if !planned.isEmpty { progress(.coversProcessed(done: planned.count, total: planned.count)) }
    }

    fileprivate func report(_ error: CoverThumbnailError, for cover: String, in contest: ResolvedContest,
                            into diagnostics: inout Diagnostics) {
        let users = contest.contestants.filter { SiteGraph.normalize($0.cover, from: "") == cover }
        for contestant in users {
            diagnostics.error(at: contestant.location(of: "cover"), "选手 \(contestant.name)（\(contestant.id)）：\(error.description)",
                              hint: "换一张 JPEG 或 PNG 图片")
        }
    }
}
