import CHeraldImaging
import Foundation

/// One web thumbnail of a contestant's cover, as written into the output.
public struct CoverThumbnail: Sendable, Equatable, Hashable, Encodable {
    public enum Format: String, Sendable, CaseIterable, Encodable {
        case webp
        case jpeg

        public var fileExtension: String {
            switch self {
            case .webp: "webp"
            case .jpeg: "jpg"
            }
        }

        /// For `<source type=…>` in a `<picture>`.
        public var mimeType: String {
            switch self {
            case .webp: "image/webp"
            case .jpeg: "image/jpeg"
            }
        }
    }

    /// Exact pixel size of the file: usable as the `<img>`'s `width`/`height` attributes.
    public var width: Int
    public var height: Int
    public var format: Format
    /// `<16 hex digits>-<width>.<ext>`, e.g. `3f9a1c0b2d4e5f67-240.webp`. The digits hash the source's
    /// bytes and every encoding setting, so a name never changes meaning and can be cached forever.
    /// The WebP and the JPEG of one cover share the digits.
    public var fileName: String
}

/// Why a cover could not be made into thumbnails. `description` is for editors; `detail` is libvips'
/// (or the file system's) own explanation.
public struct CoverThumbnailError: Error, CustomStringConvertible, Equatable {
    public enum Reason: Sendable, Equatable {
        /// The source file is missing or cannot be read.
        case unreadable
        /// The bytes are not an image libvips can decode, or the file is cut off or damaged.
        case undecodable
        /// A thumbnail could not be written (disk full, permissions).
        case unwritable
    }

    public var reason: Reason
    public var sourcePath: String
    public var detail: String

    public var description: String {
        switch reason {
        case .unreadable: "封面图片文件不存在或无法读取"
        case .undecodable: "封面图片无法解码，或文件已损坏"
        case .unwritable: "封面缩略图无法写入，请检查磁盘空间和文件夹权限"
        }
    }
}

/// Makes small 9:16 web thumbnails (WebP plus a JPEG fallback) of cover photos with libvips.
///
/// Every thumbnail is exactly `width × height(forWidth: width)` pixels: the photo is turned upright
/// by its EXIF orientation, scaled to cover the box and cropped around its centre. A source smaller
/// than the box is scaled up, so the gallery can always rely on the promised size. Colour is sRGB,
/// transparency sits on white, and all metadata (EXIF with GPS and camera serial, XMP, ICC) is dropped.
///
/// With a cache directory, encoded files are kept there under their final names and later builds copy
/// them instead of encoding again. Files appear only by `rename`, so a
/// killed build never leaves half a file, and concurrent calls (a task group) are safe.
public final class CoverThumbnailer: @unchecked Sendable {
    /// Raise when anything about the encoding changes, so that new settings get new names (and old
    /// cache entries are no longer found).
    static let thumbnailVersion = 1
    public static let defaultWidths = [240, 480]
    static let webpQuality = 75
    static let jpegQuality = 80

    /// The thumbnails' aspect, width : height.
    public static let aspect = (width: 9, height: 16)

    /// The height of a thumbnail `width` pixels wide, to the nearest pixel: 240 → 427, 480 → 853.
    public static func height(forWidth width: Int) -> Int {
        (width * aspect.height * 2 + aspect.width) / (aspect.width * 2)
    }

    public let cacheDirectory: URL?

    private let lock = NSLock()
    private var encodedCount = 0
    private var reusedCount = 0

    /// `cacheDirectory`: where encoded thumbnails are kept between builds (created when needed);
    /// nil: no cache, every call encodes.
    public init(cacheDirectory: URL?) {
        self.cacheDirectory = cacheDirectory
    }

    /// Files encoded by libvips so far.
    public var encoded: Int { counted { encodedCount } }
    /// Files taken from the cache, or from the previous output, instead of being encoded.
    public var reused: Int { counted { reusedCount } }

    /// Notes thumbnails the build took from the previous output without asking for them.
    func noteReused(_ count: Int) { counted { reusedCount += count } }

    /// For one source cover: for each width in `widths` (in order, duplicates dropped), a 9:16 WebP
    /// and then a JPEG fallback, written into `directory` (created when needed, e.g. the staging
    /// output's `media/thumbs/`). Existing files of the same name are replaced.
    /// `stem`: the source's `fileStem` when the caller has it already (`plan`): the source is then read
    /// only if a thumbnail has to be encoded (not when every one is in the cache).
    public func thumbnails(for sourcePath: String, widths: [Int] = CoverThumbnailer.defaultWidths,
                           into directory: URL, stem knownStem: String? = nil) throws(CoverThumbnailError) -> [CoverThumbnail] {
        var source: Data?
        func bytes() throws(CoverThumbnailError) -> Data {
            if let source { return source }
            let read = try Self.read(sourcePath)
            source = read
            return read
        }
        let stem: String
        if let knownStem { stem = knownStem } else { stem = Self.fileStem(sourceHash: Self.fnv1a(try bytes())) }
        try makeDirectory(directory, sourcePath: sourcePath)
        if let cacheDirectory {
            try makeDirectory(cacheDirectory, sourcePath: sourcePath)
        }

        let planned = Self.thumbnails(stem: stem, widths: widths)
        var results: [CoverThumbnail] = []
        for width in Self.distinct(widths) {
            precondition((1...4096).contains(width), "thumbnail width \(width) is out of range")
            let height = Self.height(forWidth: width)
            var decoded: OpaquePointer?
            defer { herald_thumbnail_free(decoded) }
            for thumbnail in planned where thumbnail.width == width {
                let format = thumbnail.format
                let target = directory.appendingPathComponent(thumbnail.fileName)
                if let cacheDirectory {
                    let cached = cacheDirectory.appendingPathComponent(thumbnail.fileName)
                    if Self.isFinishedFile(cached) {
                        try place(cached, at: target, sourcePath: sourcePath)
                        counted { reusedCount += 1 }
                    } else {
                        if decoded == nil { decoded = try decode(bytes(), width, height, sourcePath) }
                        try encode(decoded, format, to: cached, sourcePath: sourcePath)
                        try place(cached, at: target, sourcePath: sourcePath)
                    }
                } else {
                    if decoded == nil { decoded = try decode(bytes(), width, height, sourcePath) }
                    try encode(decoded, format, to: target, sourcePath: sourcePath)
                }
                results.append(thumbnail)
            }
        }
        return results
    }

    /// What `thumbnails(for:)` will make from this source, without decoding or encoding anything: names
    /// come from the source's bytes and the settings, sizes from the widths. Pages can be rendered from
    /// the plan while the thumbnails are made.
    public static func plan(for sourcePath: String, widths: [Int] = CoverThumbnailer.defaultWidths)
        throws(CoverThumbnailError) -> (stem: String, thumbnails: [CoverThumbnail]) {
        let stem = fileStem(sourceHash: fnv1a(try read(sourcePath)))
        return (stem, thumbnails(stem: stem, widths: widths))
    }

    /// For each width (in order, duplicates dropped) a WebP and then a JPEG, named from `stem`.
    static func thumbnails(stem: String, widths: [Int] = defaultWidths) -> [CoverThumbnail] {
        distinct(widths).flatMap { width in
            CoverThumbnail.Format.allCases.map { format in
                CoverThumbnail(width: width, height: height(forWidth: width), format: format,
                               fileName: "\(stem)-\(width).\(format.fileExtension)")
            }
        }
    }

    private static func distinct(_ widths: [Int]) -> [Int] {
        var seen = Set<Int>()
        return widths.filter { seen.insert($0).inserted }
    }

    private static func read(_ sourcePath: String) throws(CoverThumbnailError) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: sourcePath), options: .mappedIfSafe)
        } catch {
            throw CoverThumbnailError(reason: .unreadable, sourcePath: sourcePath, detail: "\(error)")
        }
    }

    // MARK: - Names

    /// The 16 hex digits shared by all thumbnails of one source: a hash of the source's bytes and
    /// of every setting that changes the output.
    static func fileStem(sourceHash: UInt64) -> String {
        let settings = "herald-cover-thumbnail|v\(thumbnailVersion)|source:\(StableHash.hex(sourceHash))"
            + "|aspect:\(aspect.width):\(aspect.height)|crop:centre|upscale:yes|background:white"
            + "|webp:Q\(webpQuality)|jpeg:Q\(jpegQuality)"
        return StableHash.hex(fnv1a(Data(settings.utf8)))
    }

    /// FNV-1a, 64 bit, as `StableHash.value` computes it, over contiguous bytes (fast also in debug
    /// builds, where the generic sequence loop is slow for a several-MB photo).
    static func fnv1a(_ data: Data) -> UInt64 {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> UInt64 in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in raw {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            return hash
        }
    }

    // MARK: - Encoding and files

    private func counted<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    private func decode(_ bytes: Data, _ width: Int, _ height: Int,
                        _ sourcePath: String) throws(CoverThumbnailError) -> OpaquePointer {
        var message = [CChar](repeating: 0, count: 1024)
        let decoded = bytes.withUnsafeBytes { raw in
            herald_thumbnail_decode(raw.baseAddress, raw.count, Int32(width), Int32(height),
                                    &message, Int32(message.count))
        }
        guard let decoded else {
            throw CoverThumbnailError(reason: .undecodable, sourcePath: sourcePath, detail: Self.text(message))
        }
        return decoded
    }

    /// Saves into a temporary name beside `target`, then renames: `target` is whole or absent.
    private func encode(_ decoded: OpaquePointer?, _ format: CoverThumbnail.Format, to target: URL,
                        sourcePath: String) throws(CoverThumbnailError) {
        let temporary = Self.temporaryName(beside: target, extension: format.fileExtension)
        let quality = format == .webp ? Self.webpQuality : Self.jpegQuality
        var message = [CChar](repeating: 0, count: 1024)
        guard herald_thumbnail_save(decoded, temporary.path, Int32(quality), &message, Int32(message.count)) == 0 else {
            unlink(temporary.path)
            throw CoverThumbnailError(reason: .unwritable, sourcePath: sourcePath, detail: Self.text(message))
        }
        guard rename(temporary.path, target.path) == 0 else {
            let detail = String(cString: strerror(errno))
            unlink(temporary.path)
            throw CoverThumbnailError(reason: .unwritable, sourcePath: sourcePath, detail: "\(target.path): \(detail)")
        }
        counted { encodedCount += 1 }
    }

    /// Copies a cached file to `target`, first under a temporary name, then renamed over `target`.
    /// A copy, not a hard link: thumbnails are a few KB, and an output file that shared its inode
    /// with the cache would let anything writing into `output/` in place corrupt the cache.
    private func place(_ cached: URL, at target: URL, sourcePath: String) throws(CoverThumbnailError) {
        let temporary = Self.temporaryName(beside: target, extension: "tmp")
        do {
            try FileManager.default.copyItem(at: cached, to: temporary)
        } catch {
            unlink(temporary.path)
            throw CoverThumbnailError(reason: .unwritable, sourcePath: sourcePath, detail: "\(error)")
        }
        guard rename(temporary.path, target.path) == 0 else {
            let detail = String(cString: strerror(errno))
            unlink(temporary.path)
            throw CoverThumbnailError(reason: .unwritable, sourcePath: sourcePath, detail: "\(target.path): \(detail)")
        }
    }

    /// A cache entry exists and is not empty. (Entries appear only by rename, so they are whole,
    /// except that a power cut soon after a rename can leave a file empty on some file systems.)
    private static func isFinishedFile(_ url: URL) -> Bool {
        guard let status = FileSystem.status(url.path) else { return false }
        return status.isRegularFile && status.size > 0
    }

    private func makeDirectory(_ url: URL, sourcePath: String) throws(CoverThumbnailError) {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw CoverThumbnailError(reason: .unwritable, sourcePath: sourcePath, detail: "\(error)")
        }
    }

    /// A hidden name in `target`'s folder, unique per call; keeps the real extension, by which
    /// libvips picks the encoder.
    private static func temporaryName(beside target: URL, extension: String) -> URL {
        target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).partial.\(`extension`)")
    }

    /// libvips' message on one line (it puts each of its lines in the buffer), as a diagnostic shows it.
    private static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .split(whereSeparator: \.isNewline).map { String($0).trimmed() }.filter { !$0.isEmpty }.joined(separator: "; ")
    }

    // MARK: - For tests

    /// Mean sRGB colour (0–255) of a rectangle of an image's stored pixels (EXIF orientation not applied).
    static func averageColor(path: String, x: Int, y: Int, width: Int, height: Int) throws -> [Double] {
        var rgb: [Double] = [0, 0, 0]
        var message = [CChar](repeating: 0, count: 512)
        guard herald_image_average_color(path, Int32(x), Int32(y), Int32(width), Int32(height), &rgb,
                                         &message, Int32(message.count)) == 0 else {
            throw CoverThumbnailError(reason: .undecodable, sourcePath: path, detail: text(message))
        }
        return rgb
    }
}

/// Each cover's thumbnail name stem (`CoverThumbnailer.fileStem` of its bytes) as the last build took it,
/// by the cover file's identity: a rebuild reads no unchanged cover (30,000 photos were read whole on
/// every build to name their thumbnails).
typealias CoverStemCache = ParsedFileCache<String>

extension ParsedFileCache where Value == String {
    convenience init(cacheDirectory: String, contentRoot: String, settling: TimeInterval = 2) {
        self.init(kind: "cover-stems", version: 3, cacheDirectory: cacheDirectory, contentRoot: contentRoot,
                  settings: "thumbnails \(CoverThumbnailer.thumbnailVersion)",
                  codec: .fact(write: { stem, writer in writer.append(stem) }, read: { $0.string() }), settling: settling)
    }
}
