import Foundation

/// What the contest rules need to know about a video, read from the MP4/MOV file's own header
/// rather than taken from what the YAML claims about it.
public struct VideoHeader: Sendable, Equatable {
    /// The `ftyp` major brand (`"isom"`, `"mp42"`, `"qt  "` …); nil for old QuickTime files without `ftyp`.
    public var majorBrand: String?
    /// Units per second of `durationUnits` (`moov/mvhd`); never 0 in a header the reader returns.
    public var timescale: UInt32
    /// The movie's duration in `timescale` units (`moov/mvhd`, 32-bit in version 0, 64-bit in version 1).
    public var durationUnits: UInt64
    /// The duration the rules compare with `max_duration_s`.
    public var durationSeconds: Double {
        timescale == 0 ? 0 : Double(durationUnits) / Double(timescale)
    }
    /// The video track's stored picture size (`tkhd`, integer part of 16.16 fixed point), before rotation.
    public var trackWidth: Int
    public var trackHeight: Int
    /// Clockwise turn applied on playback, from the `tkhd` matrix: 0, 90, 180 or 270.
    /// Phones store portrait videos as landscape pictures turned 90°, so this decides the aspect.
    public var rotation: Int
    /// The size as viewers see it: stored width and height swapped when the picture is turned a quarter.
    public var displayWidth: Int { rotation == 90 || rotation == 270 ? trackHeight : trackWidth }
    public var displayHeight: Int { rotation == 90 || rotation == 270 ? trackWidth : trackHeight }
    /// Whether the video plays taller than wide (the `aspect: portrait` rule).
    public var isPortrait: Bool { displayHeight > displayWidth }
}

/// Why a file's header could not be read; `description` is written for an editor, not a programmer.
public enum VideoHeaderError: Error, Equatable, CustomStringConvertible {
    /// The file cannot be opened or read.
    case unreadable
    /// The file is not an MP4/MOV at all (or its box structure is broken).
    case notAMovie
    /// A box claims more bytes than the file has, or the file ends inside a box: usually an interrupted upload.
    case truncated
    /// There is no `moov` or no `mvhd`: usually a recording that was not stopped properly.
    case noMovieHeader
    /// No track whose `mdia/hdlr` handler is `vide`: e.g. an audio-only file.
    case noVideoTrack

    public var description: String {
        switch self {
        case .unreadable: "无法读取视频文件"
        case .notAMovie: "不是 MP4/MOV 视频文件，或文件已损坏"
        case .truncated: "文件不完整（可能上传中断）"
        case .noMovieHeader: "缺少影片头信息（moov/mvhd），可能录制未正常结束"
        case .noVideoTrack: "文件中没有视频轨道（可能只有音频）"
        }
    }
}

/// Reads a `VideoHeader` from an ISO base media file (MP4, MOV/QuickTime) by hand.
///
/// Boxes are `[size: UInt32][type: 4 bytes][payload]`, where size 1 means a 64-bit size follows the type
/// and size 0 means "to the end of the enclosing space". The reader walks the top-level boxes by their
/// headers only (seeking over `mdat`, wherever `moov` is), then follows the one fixed path it needs:
/// `moov/mvhd` and `moov/trak/{tkhd, mdia/hdlr}`. It never recurses further and never reads media data,
/// so a 30 MB file costs a few hundred bytes of small reads. Every size is checked against its parent
/// and the file before it is used, so a corrupt or cut-off file gives an error, not a crash or a huge read.
public enum VideoHeaderReader {
    public static func read(path: String) throws(VideoHeaderError) -> VideoHeader {
        try read(MovieFile(path: path))
    }

    /// Reads from an opened file; tests use this to see `file.bytesRead`.
    static func read(_ file: MovieFile) throws(VideoHeaderError) -> VideoHeader {
        // Decide "is this a movie at all" from the first box type before trusting any size:
        // a text or JPEG file would otherwise look like a box with an absurd size.
        guard file.size >= 8 else { throw .notAMovie }
        let first = fourCC(try file.bytes(at: 4, count: 4))
        guard firstBoxTypes.contains(first) else { throw .notAMovie }

        var walker = BoxWalker(file: file)
        // Walk every top-level box, even after moov: a box running past the end means the upload was cut.
        let top = try walker.children(from: 0, to: file.size, isTopLevel: true)

        var majorBrand: String?
        if let ftyp = top.first(where: { $0.type == "ftyp" }) {
            let brand = try file.bytes(at: ftyp.contentStart, count: min(ftyp.contentSize, 4))
            majorBrand = brand.count == 4 ? fourCC(brand) : nil
        }

        guard let moov = top.first(where: { $0.type == "moov" }) else { throw .noMovieHeader }
        let moovChildren = try walker.children(of: moov)
        guard let mvhd = moovChildren.first(where: { $0.type == "mvhd" }) else { throw .noMovieHeader }
        let (timescale, duration) = try readMovieHeader(mvhd, in: file)

        for trak in moovChildren where trak.type == "trak" {
            let trakChildren = try walker.children(of: trak)
            guard let mdia = trakChildren.first(where: { $0.type == "mdia" }),
                  let hdlr = try walker.children(of: mdia).first(where: { $0.type == "hdlr" }),
                  try handlerType(hdlr, in: file) == "vide",
                  let tkhd = trakChildren.first(where: { $0.type == "tkhd" })
            else { continue }
            let track = try readTrackHeader(tkhd, in: file)
            return VideoHeader(majorBrand: majorBrand, timescale: timescale, durationUnits: duration,
                               trackWidth: track.width, trackHeight: track.height, rotation: track.rotation)
        }
        throw .noVideoTrack
    }

    /// Box types an MP4 or MOV may start with; old QuickTime files have no `ftyp`.
    static let firstBoxTypes: Set<String> = ["ftyp", "moov", "mdat", "free", "skip", "wide", "pnot"]

    /// `mvhd`: version, flags, then creation and modification times, timescale and duration,
    /// the times and duration being 32-bit in version 0 and 64-bit in version 1.
    static func readMovieHeader(_ box: Box, in file: MovieFile) throws(VideoHeaderError) -> (UInt32, UInt64) {
        let bytes = try file.bytes(at: box.contentStart, count: min(box.contentSize, 32))
        guard let version = bytes.first else { throw .notAMovie }
        let timescale: UInt32
        let duration: UInt64
        if version == 1 {
            guard bytes.count >= 32 else { throw .notAMovie }
            timescale = uint32(bytes, at: 20)
            duration = uint64(bytes, at: 24)
        } else {
            guard bytes.count >= 20 else { throw .notAMovie }
            timescale = uint32(bytes, at: 12)
            duration = UInt64(uint32(bytes, at: 16))
        }
        guard timescale > 0 else { throw .notAMovie }
        // All ones means "unknown" (ISO/IEC 14496-12): reported like a fragmented file's 0.
        let unknown = version == 1 ? UInt64.max : UInt64(UInt32.max)
        return (timescale, duration == unknown ? 0 : duration)
    }

    /// `tkhd`: after version/flags, times, track ID and duration (24 bytes in version 0, 36 in version 1),
    /// 16 bytes of reserved/layer/group/volume, the 3×3 matrix (nine 32-bit values, `a b u c d v x y w`),
    /// then width and height in 16.16 fixed point.
    static func readTrackHeader(_ box: Box, in file: MovieFile) throws(VideoHeaderError)
        -> (width: Int, height: Int, rotation: Int) {
        let bytes = try file.bytes(at: box.contentStart, count: min(box.contentSize, 96))
        guard let version = bytes.first else { throw .notAMovie }
        let matrix = version == 1 ? 52 : 40
        guard bytes.count >= matrix + 44 else { throw .notAMovie }
        let a = Int32(bitPattern: uint32(bytes, at: matrix))
        let b = Int32(bitPattern: uint32(bytes, at: matrix + 4))
        let width = Int(uint32(bytes, at: matrix + 36) >> 16)
        let height = Int(uint32(bytes, at: matrix + 40) >> 16)
        return (width, height, rotation(a: a, b: b))
    }

    /// The clockwise quarter turn a matrix applies. A point (x, y) goes to (a·x + c·y, b·x + d·y), so (a, b)
    /// is where the x axis ends up; with y pointing down the screen, its angle is the clockwise turn:
    /// (0, 1) is 90°, as phones write it for portrait. Scale does not matter, a mirror is ignored.
    static func rotation(a: Int32, b: Int32) -> Int {
        guard a != 0 || b != 0 else { return 0 }
        let quarters = Int((atan2(Double(b), Double(a)) / (Double.pi / 2)).rounded())
        return (quarters % 4 + 4) % 4 * 90
    }

    /// `hdlr`: version/flags, a predefined field (QuickTime's component type), then the handler type.
    static func handlerType(_ box: Box, in file: MovieFile) throws(VideoHeaderError) -> String {
        let bytes = try file.bytes(at: box.contentStart, count: min(box.contentSize, 12))
        guard bytes.count == 12 else { throw .notAMovie }
        return fourCC(Array(bytes[8..<12]))
    }

    static func fourCC(_ bytes: [UInt8]) -> String {
        String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    static func uint32(_ bytes: [UInt8], at index: Int) -> UInt32 {
        bytes[index..<index + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func uint64(_ bytes: [UInt8], at index: Int) -> UInt64 {
        bytes[index..<index + 8].reduce(0) { $0 << 8 | UInt64($1) }
    }
}

extension VideoHeaderReader {
    /// One box: where its header starts, where its payload starts, and where it ends (all within the file).
    struct Box: Equatable {
        var type: String
        var start: UInt64
        var contentStart: UInt64
        var end: UInt64
        var contentSize: Int { Int(clamping: end - contentStart) }
    }

    /// Lists the boxes in a byte range from their headers alone, within a budget of boxes for the whole file,
    /// so a file of millions of tiny boxes cannot keep the reader busy.
    struct BoxWalker {
        let file: MovieFile
        var boxesLeft = 10_000

        mutating func children(of box: Box) throws(VideoHeaderError) -> [Box] {
            try children(from: box.contentStart, to: box.end, isTopLevel: false)
        }

        mutating func children(from start: UInt64, to end: UInt64, isTopLevel: Bool) throws(VideoHeaderError) -> [Box] {
            var boxes: [Box] = []
            var offset = start
            while offset < end {
                // A few bytes too few for a header: at the top the file was cut; inside a box, QuickTime
                // allows a 4-byte zero terminator, so they are ignored.
                guard end - offset >= 8 else {
                    if isTopLevel { throw .truncated } else { break }
                }
                boxesLeft -= 1
                guard boxesLeft >= 0 else { throw .notAMovie }
                let header = try file.bytes(at: offset, count: 8)
                var size = UInt64(uint32(header, at: 0))
                var headerSize: UInt64 = 8
                if size == 1 {
                    guard end - offset >= 16 else { throw .truncated }
                    size = uint64(try file.bytes(at: offset + 8, count: 8), at: 0)
                    headerSize = 16
                } else if size == 0 {
                    size = end - offset
                }
                guard size >= headerSize else { throw .notAMovie }
                // Past its parent but within the file is a broken structure; past the file, a cut-off one.
                guard size <= end - offset else { throw size > file.size - offset ? .truncated : .notAMovie }
                boxes.append(Box(type: fourCC(Array(header[4..<8])),
                                 start: offset, contentStart: offset + headerSize, end: offset + size))
                offset += size
            }
            return boxes
        }
    }

    /// A file read in small ranges with seek + read; it counts the bytes read, so tests can check that
    /// the media data is never touched.
    final class MovieFile {
        let size: UInt64
        private(set) var bytesRead = 0
        private(set) var reads = 0
        private let handle: FileHandle

        init(path: String) throws(VideoHeaderError) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { throw .unreadable }
            do {
                handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
                size = try handle.seekToEnd()
            } catch {
                throw .unreadable
            }
        }

        deinit { try? handle.close() }

        /// Exactly `count` bytes at `offset`; callers have already checked the range against the file's size,
        /// so a short read means the file shrank while being read.
        func bytes(at offset: UInt64, count: Int) throws(VideoHeaderError) -> [UInt8] {
            guard count > 0 else { return [] }
            guard offset <= size, UInt64(count) <= size - offset else { throw .truncated }
            let data: Data?
            do {
                try handle.seek(toOffset: offset)
                data = try handle.read(upToCount: count)
            } catch {
                throw .unreadable
            }
            reads += 1
            bytesRead += data?.count ?? 0
            guard let data, data.count == count else { throw .truncated }
            return [UInt8](data)
        }
    }
}
