import Foundation

/// Part of the write stage: puts the site's media into the staging output before pages are rendered —
/// linked attachments and contestants' videos copied as they are, covers only as thumbnails made for
/// the web (the original photos, with their EXIF and GPS data, never leave `content/`).
struct MediaPublisher {
    let resolved: ResolvedSite
    let content: ContentDirectory
    let thumbnailer: CoverThumbnailer

    /// Cover file (content-relative) → its thumbnails, smallest first, WebP before JPEG.
    typealias Covers = [String: [CoverThumbnail]]

    func publish(into output: StagedOutput, diagnostics: inout Diagnostics,
                 progress: (BuildProgress) -> Void = { _ in }) throws -> Covers {
        var copied = Set<String>()
        for file in resolved.media + (resolved.contest?.publishedVideoFiles ?? []) where copied.insert(file).inserted {
            // Checked when resolved; read through the real path so a link swapped in meanwhile cannot lead outside.
            guard let source = content.fileInside(file) else { continue }
            try output.copy(from: source, to: SitePath(file))
        }
        var covers: Covers = [:]
        guard let contest = resolved.contest else { return covers }
        let directory = output.folderURL(for: SiteRoutes.thumbnails)
        let files = contest.coverFiles
        // Decoding and encoding covers is the slowest step of a first build with real photos: on every core.
        let content = self.content, thumbnailer = self.thumbnailer
        var done = 0
        for start in stride(from: 0, to: files.count, by: 64) {
            let batch = Array(files[start..<min(start + 64, files.count)])
            let made = Parallel.map(batch) { cover -> Result<[CoverThumbnail], CoverThumbnailError>? in
                guard let source = content.fileInside(cover) else { return nil }
                return Result { () throws(CoverThumbnailError) in try thumbnailer.thumbnails(for: source, into: directory) }
            }
            for (cover, result) in zip(batch, made) {
                switch result {
                case .success(let thumbnails):
                    thumbnails.forEach { output.recordContentAddressed(SiteRoutes.thumbnail($0.fileName)) }
                    covers[cover] = thumbnails
                case .failure(let error):
                    let users = contest.contestants.filter { SiteGraph.normalize($0.cover, from: "") == cover }
                    for contestant in users {
                        diagnostics.error(at: contestant.location(of: "cover"), "选手 \(contestant.name)（\(contestant.id)）：\(error.description)",
                                          hint: "换一张 JPEG 或 PNG 图片")
                    }
                case nil:
                    continue
                }
            }
            done += batch.count
            progress(.coversProcessed(done: done, total: files.count))
        }
        return covers
    }
}
