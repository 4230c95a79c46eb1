import Foundation

/// What every file Herald keeps in `.herald-cache/` between builds shares (the output manifest, the
/// parsed contestant files): who wrote it, and how it is replaced.
enum CacheFile {
    /// The program that wrote a cache file: a new `herald` (another renderer, built-in theme, template
    /// library or cache format) must not trust what an older one stored from the same data.
    static let producer: String = {
        guard let program = FileSystem.status("/proc/self/exe") else { return "unknown" }
        return "\(program.identity.size)-\(program.identity.modified)-\(program.identity.inode)"
    }()

    /// Writes `data` at `path` whole (a crash leaves the old file or the new), making its folder if needed.
    static func replace(_ path: String, with data: Data) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
