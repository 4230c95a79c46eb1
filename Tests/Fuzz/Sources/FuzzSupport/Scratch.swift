import Foundation

/// The one scratch folder a fuzzer process writes its per-iteration files into: in /dev/shm when there
/// is one (no disk writes at thousands of executions a second), removed when the process exits normally.
public final class Scratch: @unchecked Sendable {
    public let path: String

    public init(_ name: String) {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        path = (base as NSString).appendingPathComponent("herald-\(name)-\(getpid())")
        try? FileManager.default.removeItem(atPath: path)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let path = self.path
        Scratch.cleanup.append(path)
        if Scratch.cleanup.count == 1 {
            atexit {
                for path in Scratch.cleanup { try? FileManager.default.removeItem(atPath: path) }
            }
        }
    }

    nonisolated(unsafe) private static var cleanup: [String] = []

    public func file(_ relativePath: String) -> String {
        (path as NSString).appendingPathComponent(relativePath)
    }

    /// Writes `data` at `relativePath`, creating folders as needed.
    public func write(_ data: Data, to relativePath: String) {
        let target = file(relativePath)
        try? FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: target, contents: data) else {
            fatalError("fuzz harness: cannot write \(target)")
        }
    }

    public func remove(_ relativePath: String) {
        try? FileManager.default.removeItem(atPath: file(relativePath))
    }

    /// Copies a folder of the repository (relative to its root) into the scratch folder as `relativePath`.
    public func copy(repositoryFolder: String, to relativePath: String) {
        let source = Repository.path(repositoryFolder)
        let target = file(relativePath)
        try? FileManager.default.removeItem(atPath: target)
        try? FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        do {
            try FileManager.default.copyItem(atPath: source, toPath: target)
        } catch {
            fatalError("fuzz harness: cannot copy \(source): \(error)")
        }
    }
}

/// Where the repository is: the fuzzers are built from it and read its fixtures.
public enum Repository {
    public static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // FuzzSupport
        .deletingLastPathComponent()   // Sources
        .deletingLastPathComponent()   // Fuzz
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent().path

    public static func path(_ relativePath: String) -> String {
        (root as NSString).appendingPathComponent(relativePath)
    }
}

extension Data {
    /// Splits at the first occurrence of `separator`: (before, after), or nil when it does not occur.
    public func splitOnce(_ separator: [UInt8]) -> (Data, Data)? {
        guard let range = self.firstRange(of: separator) else { return nil }
        return (self[startIndex..<range.lowerBound], self[range.upperBound..<endIndex])
    }
}
