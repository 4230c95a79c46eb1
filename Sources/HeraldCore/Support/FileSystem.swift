import CHeraldSupport
import Foundation

/// The few file-system calls a build makes tens of thousands of times, straight to the system.
///
/// Foundation's conveniences cost more than the work on large sites: `attributesOfItem` looks up the
/// owner's user and group name (reading `/etc/nsswitch.conf` each time), `createFile` writes a temporary
/// file and renames it, `createDirectory(withIntermediateDirectories:)` stats every parent, and
/// `resolvingSymlinksInPath` stats every component. A 3,000-singer build made 108,000 `stat` calls
/// and 3,400 renames through them.
enum FileSystem {
    struct Status {
        let size: Int
        let isDirectory: Bool
        let isRegularFile: Bool
        let isSymbolicLink: Bool
        let identity: Identity
        /// `st_ctime` in ns: the last change to the file's bytes *or* its metadata (a `chmod`, a link, an
        /// `mtime` set back by `cp -p` or `rsync -t`), which nothing outside the kernel can set.
        let statusChanged: Int64
        /// The file system it is on (`st_dev`).
        let device: UInt64

        var stamp: Stamp { Stamp(identity: identity, statusChanged: statusChanged) }
    }

    /// What tells one version of a file from another without reading it: a rewritten file has a new
    /// inode (files are never rewritten in place) and a new modification time.
    struct Identity: Hashable, Sendable {
        var size: Int
        var modified: Int64   // nanoseconds since 1970
        var inode: UInt64

        init(size: Int, modified: Int64, inode: UInt64) {
            self.size = size
            self.modified = modified
            self.inode = inode
        }

        fileprivate init(_ info: stat) {
            size = Int(info.st_size)
            modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            inode = UInt64(info.st_ino)
        }
    }

    /// A content file as it is, for the caches that keep what was read from it: its identity and
    /// `st_ctime`, which catches a rewrite that keeps size, mtime and inode (`cp -p`, `rsync --inplace -t`)
    /// and a `chmod` that makes an unreadable file readable.
    struct Stamp: Hashable, Sendable {
        var identity: Identity
        var statusChanged: Int64

        /// Whether the file has been left alone for `settling` seconds: a second change within one tick
        /// of a coarse clock could keep the same times, so only a settled file is remembered.
        func isSettled(for settling: TimeInterval = 2) -> Bool {
            max(identity.modified, statusChanged) < Int64((Date().timeIntervalSince1970 - settling) * 1_000_000_000)
        }
    }

    /// `stat` (links followed) or `lstat`; nil when the path does not exist or cannot be read.
    static func status(_ path: String, followingLinks: Bool = true) -> Status? {
        var info = stat()
        let result = followingLinks ? stat(path, &info) : lstat(path, &info)
        guard result == 0 else { return nil }
        let type = info.st_mode & S_IFMT
        return Status(size: Int(info.st_size), isDirectory: type == S_IFDIR, isRegularFile: type == S_IFREG,
                      isSymbolicLink: type == S_IFLNK, identity: Identity(info),
                      statusChanged: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec),
                      device: UInt64(info.st_dev))
    }

    static func size(_ path: String) -> Int? { status(path)?.size }


    /// The whole file, read with one `open`, `fstat` and as few `read`s as its size needs.
    static func read(_ path: String) -> Data? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        var data = Data(count: Int(info.st_size))
        var filled = 0
        let complete = data.withUnsafeMutableBytes { buffer -> Bool in
            while filled < buffer.count {
                let count = Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { return count == 0 }
                filled += count
            }
            return true
        }
        guard complete else { return nil }
        if filled < data.count { data.removeSubrange(filled...) }   // the file shrank while being read
        return data
    }

    /// A failed call, told as the system tells it (`open /srv/out/index.html：No space left on device`):
    /// `localizedDescription` gives the same text, so no message ends in "error 1".
    struct Failure: LocalizedError, CustomStringConvertible {
        let operation: String
        let path: String
        let code: Int32

        var description: String { "\(operation) \(path)：\(String(cString: strerror(code)))" }
        var errorDescription: String? { description }
    }

    /// Creates a new file and writes `data`, without a temporary file or `fsync`: callers write into a
    /// staging folder whose swap is what makes the build atomic. A file already at `path` is unlinked and
    /// replaced, never opened and truncated: it may be a hard link to a file of the live site.
    /// Returns the new file's identity.
    @discardableResult
    static func write(_ data: Data, to path: String) throws -> Identity {
        var descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if descriptor < 0 && errno == EEXIST {
            unlink(path)
            descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        guard descriptor >= 0 else { throw Failure(operation: "open", path: path, code: errno) }
        defer { close(descriptor) }
        try data.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { throw Failure(operation: "write", path: path, code: errno) }
                written += count
            }
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Failure(operation: "fstat", path: path, code: errno) }
        return Identity(info)
    }

    /// Creates one folder whose parent exists; an existing folder is fine.
    static func makeDirectory(_ path: String) throws {
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw Failure(operation: "mkdir", path: path, code: errno)
        }
    }

    /// Creates `path` and any missing folders between it and `base` (which exists), like `mkdir -p`.
    static func makeDirectories(_ path: String, below base: String) throws {
        guard path.count > base.count, mkdir(path, 0o755) != 0, errno != EEXIST else { return }
        guard errno == ENOENT, let slash = path.lastIndex(of: "/") else {
            throw Failure(operation: "mkdir", path: path, code: errno)
        }
        try makeDirectories(String(path[..<slash]), below: base)
        try makeDirectory(path)
    }

    /// Every entry below `root`, relative to it: folders, and everything else (files, links) as files.
    struct Listing {
        var files: [String] = []
        var folders: [String] = []
        /// The inode of each of `files`, in the same order, when asked for.
        var inodes: [UInt64] = []
    }

    /// Lists the tree below `root` with `readdir`, folders before what they hold; symbolic links are not
    /// followed. Each entry's type and inode come from the directory itself, so no entry is `stat`ed
    /// (only on a file system that gives no type). Nil when some folder could not be read (the listing
    /// would be incomplete). `inodes`: also record each file's inode.
    static func walk(_ root: String, inodes: Bool = false) -> Listing? {
        var listing = Listing()
        let folder = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard folder >= 0, walk(folder, prefix: "", inodes: inodes, into: &listing) else { return nil }
        return listing
    }

    /// Reads the folder open as `descriptor` (and closes it), `prefix` its path below the root.
    private static func walk(_ descriptor: Int32, prefix: String, inodes: Bool, into listing: inout Listing) -> Bool {
        guard let folder = fdopendir(descriptor) else {
            close(descriptor)
            return false
        }
        defer { closedir(folder) }
        var subfolders: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(folder) else {
                guard errno == 0 else { return false }
                break
            }
            // A name that is not UTF-8 cannot be named again as text: the listing would be incomplete.
            guard let name = withUnsafePointer(to: entry.pointee.d_name, {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(validatingCString: $0) }
            }) else { return false }
            guard name != ".", name != ".." else { continue }
            var isFolder = Int32(entry.pointee.d_type) == Int32(DT_DIR)
            if Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) {
                var info = stat()
                guard fstatat(dirfd(folder), name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return false }
                isFolder = (info.st_mode & S_IFMT) == S_IFDIR
            }
            if isFolder {
                listing.folders.append(prefix + name)
                subfolders.append(name)
            } else {
                listing.files.append(prefix + name)
                if inodes { listing.inodes.append(UInt64(entry.pointee.d_ino)) }
            }
        }
        for name in subfolders {
            let child = openat(dirfd(folder), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard child >= 0, walk(child, prefix: prefix + name + "/", inodes: inodes, into: &listing) else { return false }
        }
        return true
    }

    /// The path with every symbolic link and `.`/`..` resolved (`realpath(3)`); nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = Glibc.realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// The folder part of a path as text, as `NSString.deletingLastPathComponent` gives it — which traps on a
/// one-character path in this Foundation (`herald build --output o` crashed): `a/b` → `a`, `a` → ``,
/// `/a` → `/`, `a/b/` → `a`, `/` → `/`.
public func folderPart(of path: String) -> String {
    var rest = Substring(path)
    while rest.count > 1, rest.hasSuffix("/") { rest = rest.dropLast() }
    guard let slash = rest.lastIndex(of: "/") else { return "" }
    var folder = rest[..<slash]
    while folder.hasSuffix("/") { folder = folder.dropLast() }
    return folder.isEmpty ? "/" : String(folder)
}
