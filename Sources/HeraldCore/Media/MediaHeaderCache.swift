import Foundation

/// What the submission checks read from each contestant's video (its header) and cover (its size and
/// orientation), kept between builds by the file's identity (`ParsedFileCache.fact`): a rebuild of a
/// contest with a video and a cover per singer read 60,000 headers (2.3 s at 30,000 singers).
struct MediaHeaderCache: Sendable {
    let videos: ParsedFileCache<VideoHeader>
    let images: ParsedFileCache<ImageHeader>

    init(cacheDirectory: String, contentRoot: String, settling: TimeInterval = 2) {
        videos = ParsedFileCache(kind: "video-headers", version: 3, cacheDirectory: cacheDirectory, contentRoot: contentRoot,
                                 settings: "", codec: .fact(write: { header, writer in
                                     writer.append(header.majorBrand)
                                     writer.append(UInt64(header.timescale))
                                     writer.append(header.durationUnits)
                                     writer.append(header.trackWidth)
                                     writer.append(header.trackHeight)
                                     writer.append(header.rotation)
                                 }, read: { reader in
                                     guard let brand = reader.optionalString(), let timescale = reader.unsigned(),
                                           let scale = UInt32(exactly: timescale), let units = reader.unsigned(),
                                           let width = reader.integer(), let height = reader.integer(),
                                           let rotation = reader.integer() else { return nil }
                                     return VideoHeader(majorBrand: brand, timescale: scale, durationUnits: units,
                                                        trackWidth: width, trackHeight: height, rotation: rotation)
                                 }), settling: settling)
        images = ParsedFileCache(kind: "image-headers", version: 3, cacheDirectory: cacheDirectory, contentRoot: contentRoot,
                                 settings: "", codec: .fact(write: { header, writer in
                                     writer.append(header.storedWidth)
                                     writer.append(header.storedHeight)
                                     writer.append(header.orientation)
                                 }, read: { reader in
                                     guard let width = reader.integer(), let height = reader.integer(),
                                           let orientation = reader.integer() else { return nil }
                                     return ImageHeader(storedWidth: width, storedHeight: height, orientation: orientation)
                                 }), settling: settling)
    }

    func save() {
        videos.save()
        images.save()
    }
}
