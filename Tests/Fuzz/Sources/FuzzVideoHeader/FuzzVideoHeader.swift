import Foundation
import FuzzSupport
import HeraldCore

let scratch = Scratch("fuzz-video")
let moviePath = scratch.file("input.mp4")

/// The MP4/MOV box reader on a file holding the input; every outcome must be a header or a `VideoHeaderError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVideoHeader(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    guard FileManager.default.createFile(atPath: moviePath, contents: data) else { fatalError("cannot write \(moviePath)") }
    do {
        let header = try VideoHeaderReader.read(path: moviePath)
        // What the submission rules then use: none of these may trap either.
        _ = (header.durationSeconds, header.displayWidth, header.displayHeight, header.isPortrait)
        precondition(header.timescale > 0, "a returned header has a zero timescale")
        precondition([0, 90, 180, 270].contains(header.rotation), "rotation \(header.rotation)")
    } catch {
        _ = error.description
    }
    return 0
}
