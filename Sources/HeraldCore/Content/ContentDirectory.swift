import Foundation

/// The site's `content/` folder: every read of editor files goes through here, by path relative to it.
public struct ContentDirectory: Sendable {
    /// The folder as given on the command line; used to build the paths shown in messages.
    public let root: String
    /// Size limits, from `site.yml` once it is read.
    public var limits = ContentLimits()

    /// Real paths of the folders `fileInside` has resolved: thousands of media files share a few folders.
    private let realFolders = RealFolders()

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
        FileSystem.read(absolutePath(relativePath))
    }

    /// Reads a text file no larger than `limit` bytes, reporting a missing, oversized or non-UTF-8 file.
    func readText(_ relativePath: String, limit: Int, diagnostics: inout Diagnostics) -> String? {
        let location = SourceLocation(file: displayPath(relativePath))
        if let size = fileSize(relativePath), size > limit {
            diagnostics.error(at: location, "文件有 \(ContentLimits.describe(size))，超过 \(ContentLimits.describe(limit)) 的上限",
                              hint: "检查是否误放了大文件；确需更大可在 site.yml 的 `limits` 里调高")
            return nil
        }
        guard let data = read(relativePath) else {
            diagnostics.error(at: location, "无法读取文件", hint: "检查文件是否存在和文件权限")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.error(at: location, "文件不是 UTF-8 编码", hint: "用编辑器以 UTF-8 编码另存此文件")
            return nil
        }
        return text
    }

    public func fileSize(_ relativePath: String) -> Int? {
        FileSystem.size(absolutePath(relativePath))
    }

    public func exists(_ relativePath: String) -> Bool {
        FileSystem.status(absolutePath(relativePath)) != nil
    }

    public func isDirectory(_ relativePath: String) -> Bool {
        FileSystem.status(absolutePath(relativePath))?.isDirectory == true
    }

    public func isRegularFile(_ relativePath: String) -> Bool {
        FileSystem.status(absolutePath(relativePath)).map { !$0.isDirectory } ?? false
    }

    /// The real path of a regular file inside `content/`, with symbolic links resolved; nil when the file is
    /// missing, is not a regular file, or lies outside `content/` once links are followed (a link to
    /// `/etc/passwd` or to a folder beside the site must never be published).
    public func fileInside(_ relativePath: String) -> String? {
        guard let normalized = SiteGraph.normalize(relativePath, from: ""), !normalized.isEmpty,
              let root = realFolders.realPath(of: self.root) else { return nil }
        let absolute = absolutePath(normalized)
        guard let status = FileSystem.status(absolute, followingLinks: false) else { return nil }
        let real: String
        if status.isSymbolicLink {
            guard let target = FileSystem.realPath(absolute), FileSystem.status(target)?.isDirectory == false else { return nil }
            real = target
        } else {
            guard !status.isDirectory else { return nil }
            let slash = absolute.lastIndex(of: "/")!   // normalized is not empty, so absolute is root + "/" + it
            guard let folder = realFolders.realPath(of: String(absolute[..<slash])) else { return nil }
            real = folder + absolute[slash...]
        }
        return real.hasPrefix(root.hasSuffix("/") ? root : root + "/") ? real : nil
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

/// How large a content file may be before Herald refuses it (`site.yml` → `limits`), so a video dropped
/// into `notices/` by mistake, or a 2 GB file in `media/`, gives a clear error instead of a stuck build.
public struct ContentLimits: Sendable {
    public var markdownBytes = 1 << 20
    public var yamlBytes = 4 << 20
    public var mediaBytes = 200 << 20

    static let fields = ["markdown_kb", "yaml_kb", "media_mb"]

    static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : "\((bytes + 1023) / 1024) KB"
    }
}

/// Folder → real path, shared by the copies of one `ContentDirectory` and safe to use from several threads.
private final class RealFolders: @unchecked Sendable {
    private var known: [String: String] = [:]
    private let lock = NSLock()

    func realPath(of folder: String) -> String? {
        lock.lock()
        if let real = known[folder] {
            lock.unlock()
            return real
        }
        lock.unlock()
        guard let real = FileSystem.realPath(folder) else { return nil }
        lock.lock()
        known[folder] = real
        lock.unlock()
        return real
    }
}
