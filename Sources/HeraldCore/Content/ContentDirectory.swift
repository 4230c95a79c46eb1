import Foundation

/// The site's `content/` folder: every read of editor files goes through here, by path relative to it.
public struct ContentDirectory: Sendable {
    /// The folder as given on the command line; used to build the paths shown in messages.
    public let root: String

    public init(root: String) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    }

    /// `content/notices/a.md`, as an editor would open it.
    public func displayPath(_ relativePath: String) -> String {
        relativePath.isEmpty ? root : root + "/" + relativePath
    }

    public func absolutePath(_ relativePath: String) -> String {
        displayPath(relativePath)
    }

    public func read(_ relativePath: String) -> Data? {
        FileManager.default.contents(atPath: absolutePath(relativePath))
    }

    public func exists(_ relativePath: String) -> Bool {
        FileManager.default.fileExists(atPath: absolutePath(relativePath))
    }

    public func isDirectory(_ relativePath: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: absolutePath(relativePath), isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    public func isRegularFile(_ relativePath: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: absolutePath(relativePath), isDirectory: &isDirectory)
            && !isDirectory.boolValue
    }

    /// The names of the files in a folder with the given extension, sorted so builds are deterministic.
    public func files(in folder: String, withExtension ext: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: absolutePath(folder))) ?? []
        return names
            .filter { !$0.hasPrefix(".") && $0.lowercased().hasSuffix("." + ext) }
            .map { folder + "/" + $0 }
            .filter(isRegularFile)
            .sorted()
    }
}
