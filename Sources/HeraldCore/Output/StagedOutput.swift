import CHeraldSupport
import Foundation

/// Stage 5: the built site is written into a staging folder beside `output/` and swapped in whole
/// only when the build succeeds, so a failed build leaves the previous `output/` exactly as it was, and
/// `output/` holds exactly what the last build produced.
public final class StagedOutput {
    public let destination: URL
    public let staging: URL
    private(set) var writtenFiles: [SitePath] = []

    public enum Failure: Error, CustomStringConvertible {
        case unsafeDestination(String)
        case io(String, underlying: Error)

        public var description: String {
            switch self {
            case .unsafeDestination(let reason): return reason
            case .io(let what, let underlying): return "\(what)：\(underlying.localizedDescription)"
            }
        }
    }

    /// Prepares a fresh staging folder, removing any left by an earlier build that was interrupted.
    public init(destination path: String, protecting content: String) throws {
        let fileManager = FileManager.default
        destination = URL(fileURLWithPath: path).standardizedFileURL
        let contentURL = URL(fileURLWithPath: content).standardizedFileURL
        try Self.refuseUnsafe(destination, content: contentURL)
        let parent = destination.deletingLastPathComponent()
        let prefix = "." + destination.lastPathComponent + ".herald-"
        staging = parent.appendingPathComponent(prefix + "\(getpid())-\(UInt64(Date().timeIntervalSince1970 * 1000))")
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
            // Staging folders of builds that were killed: their process is gone. A live build's is left alone.
            for stale in (try? fileManager.contentsOfDirectory(atPath: parent.path)) ?? [] where stale.hasPrefix(prefix) {
                let pid = stale.dropFirst(prefix.count).prefix { $0.isNumber }
                if let pid = Int32(pid), pid != getpid(), kill(pid, 0) == 0 { continue }
                try? fileManager.removeItem(at: parent.appendingPathComponent(stale))
            }
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw Failure.io("无法创建输出文件夹 \(staging.path)", underlying: error)
        }
    }

    private static func refuseUnsafe(_ destination: URL, content: URL) throws {
        let path = destination.path
        let home = FileManager.default.homeDirectoryForCurrentUser.standardizedFileURL.path
        if path == "/" || path == home {
            throw Failure.unsafeDestination("拒绝把网站写到 \(path)：构建会清空输出文件夹")
        }
        let contentPath = content.path
        if path == contentPath || contentPath.hasPrefix(path.hasSuffix("/") ? path : path + "/")
            || path.hasPrefix(contentPath + "/") {
            throw Failure.unsafeDestination("拒绝把网站写到 \(path)：它与内容文件夹 \(contentPath) 重叠")
        }
    }

    public func url(for path: SitePath) -> URL {
        staging.appendingPathComponent(path.outputFile)
    }

    /// The staging folder for a folder of the site (`media/thumbs/`).
    func folderURL(for path: SitePath) -> URL {
        staging.appendingPathComponent(path.value)
    }

    public func write(_ file: OutputFile) throws {
        let target = url(for: file.path)
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.data.write(to: target)
        } catch {
            throw Failure.io("无法写入 \(target.path)", underlying: error)
        }
        writtenFiles.append(file.path)
    }

    /// Notes a file that another component wrote into the staging folder (thumbnails), so it is verified.
    func recordWritten(_ path: SitePath) {
        writtenFiles.append(path)
    }

    /// Copies a file from `content/` as it is (media).
    public func copy(from source: String, to path: SitePath) throws {
        let target = url(for: path)
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: source, toPath: target.path)
        } catch {
            throw Failure.io("无法复制 \(source)", underlying: error)
        }
        writtenFiles.append(path)
    }

    /// Swaps the staging folder in as `output/` (atomically where the file system can exchange two
    /// paths) and removes the previous output.
    public func commit() throws {
        let fileManager = FileManager.default
        do {
            if fileManager.fileExists(atPath: destination.path) {
                if herald_exchange_paths(staging.path, destination.path) != 0 {
                    // No atomic exchange here: move the old output aside, then the new one in.
                    let aside = staging.appendingPathExtension("old")
                    try fileManager.moveItem(at: destination, to: aside)
                    try fileManager.moveItem(at: staging, to: destination)
                    try? fileManager.removeItem(at: aside)
                    return
                }
                try fileManager.removeItem(at: staging)   // now holds the previous output
            } else {
                try fileManager.moveItem(at: staging, to: destination)
            }
        } catch {
            throw Failure.io("无法替换输出文件夹 \(destination.path)", underlying: error)
        }
    }

    public func discard() {
        try? FileManager.default.removeItem(at: staging)
    }
}
