import CHeraldSupport
import Foundation

/// Stage 5: the built site is written into a staging folder beside `output/` and swapped in whole
/// only when the build succeeds, so a failed build leaves the previous `output/` exactly as it was, and
/// `output/` holds exactly what the last build produced.
///
/// The output before last is kept as a spare (`.output.herald-spare`, beside `output/`) and becomes
/// the next build's staging folder: it already has the site's folders and mostly the right files, so a
/// rebuild of a large site does not make and remove tens of thousands of folders. A file in the spare
/// may be a hard link to the same file in `output/`, so the spare is only ever changed by unlinking,
/// linking and creating files — never by writing into an existing one.
public final class StagedOutput: @unchecked Sendable {
    public let destination: URL
    public let staging: URL
    /// Where the previous output is kept after the swap, for the next build.
    let spare: URL
    private(set) var writtenFiles: [SitePath] = []
    /// Guards the bookkeeping: files are written from several threads.
    private let lock = NSLock()
    private var createdFolders: Set<String> = []
    /// Of those, the ones already made (a thread may claim a folder a moment before it makes it).
    private var madeFolders: Set<String> = []
    /// Files and folders the staging folder started with (it was the spare), relative to it, with each
    /// file's inode: a spare file with the inode of the live output's file is that very file (hard link).
    private var spareFiles: [String: UInt64] = [:]
    /// Whether the staging folder and `output/` are on one file system, where equal inodes mean one file.
    private var sharesDeviceWithOutput = false
    private var spareFolders: [String] = []

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

    /// Prepares the staging folder — the spare, claimed by renaming it, or a new one — removing any
    /// left by an earlier build that was interrupted.
    public init(destination path: String, protecting content: String) throws {
        let fileManager = FileManager.default
        // An output that is a symbolic link (`output -> /srv/www/site`) is built where it points: the
        // link stays, and the folder it names is swapped whole.
        var given = URL(fileURLWithPath: path).standardizedFileURL
        if FileSystem.status(given.path, followingLinks: false)?.isSymbolicLink == true,
           FileSystem.status(given.path)?.isDirectory == true, let real = FileSystem.realPath(given.path) {
            given = URL(fileURLWithPath: real)
        }
        destination = given
        let contentURL = URL(fileURLWithPath: content).standardizedFileURL
        try Self.refuseUnsafe(destination, content: contentURL)
        let parent = destination.deletingLastPathComponent()
        let prefix = "." + destination.lastPathComponent + ".herald-"
        staging = parent.appendingPathComponent(prefix + "\(getpid())-\(UInt64(Date().timeIntervalSince1970 * 1000))")
        spare = parent.appendingPathComponent(prefix + "spare")
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
            // Staging folders of builds that were killed: their process is gone. A live build's is left alone
            // (EPERM: the process exists but is not ours).
            let entries = ((try? fileManager.contentsOfDirectory(atPath: parent.path)) ?? []).sorted()
            for stale in entries where stale.hasPrefix(prefix) && stale != spare.lastPathComponent {
                let pid = stale.dropFirst(prefix.count).prefix { $0.isNumber }
                if let pid = Int32(pid), pid != getpid(), kill(pid, 0) == 0 || errno == EPERM { continue }
                let path = parent.appendingPathComponent(stale)
                // A build killed between the two moves of the non-atomic swap left the previous output aside
                // and no output: put it back rather than delete the site.
                if stale.hasSuffix(".old"), FileSystem.status(destination.path, followingLinks: false) == nil,
                   rename(path.path, destination.path) == 0 { continue }
                try? fileManager.removeItem(at: path)
            }
            // Renaming is claiming: a second build running at the same time finds no spare. Only a real
            // folder is claimed (an `output` that was a symbolic link is swapped away as the link itself),
            // and only one read completely: a spare file the walk missed could be written into.
            if FileSystem.status(spare.path, followingLinks: false)?.isDirectory == true,
               rename(spare.path, staging.path) == 0 {
                if let listing = FileSystem.walk(staging.path, inodes: true) {
                    spareFiles = Dictionary(zip(listing.files, listing.inodes), uniquingKeysWith: { first, _ in first })
                    spareFolders = listing.folders
                    createdFolders = Set(listing.folders.map { staging.path + "/" + $0 })
                    madeFolders = createdFolders
                } else {
                    try? fileManager.removeItem(at: staging)
                }
            } else if FileSystem.status(spare.path, followingLinks: false) != nil {
                try? fileManager.removeItem(at: spare)   // a link or a file: never used as a staging folder
            }
            if FileSystem.status(staging.path) == nil {
                try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            }
            if let stagingDevice = FileSystem.status(staging.path)?.device, let outputDevice = FileSystem.status(destination.path)?.device {
                sharesDeviceWithOutput = stagingDevice == outputDevice
            }
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

    /// Files that are byte for byte what the previous output holds: hard-linked from it instead of
    /// written, so they keep their modification time and `rsync` or a CDN upload sends only the changes.
    public private(set) var unchangedFiles = 0
    /// Per file (relative to the output folder): its identity once written and the page's fingerprint,
    /// for the manifest the next build starts from.
    private(set) var manifestEntries: [String: OutputManifest.Entry] = [:]

    private var recorded: Set<String> = []

    /// Notes a file of this build, once however often it is written (covers with the same bytes share
    /// thumbnails): the counts decide whether the build changed anything.
    private func record(_ path: SitePath, unchanged: Bool, identity: FileSystem.Identity? = nil,
                        fingerprint: Fingerprint? = nil, source: FileSystem.Stamp? = nil) {
        lock.lock()
        guard recorded.insert(path.outputFile).inserted else {
            lock.unlock()
            return
        }
        writtenFiles.append(path)
        if unchanged { unchangedFiles += 1 }
        if let identity {
            manifestEntries[path.outputFile] = OutputManifest.Entry(identity: identity, fingerprint: fingerprint, source: source)
        }
        lock.unlock()
    }

    /// Creates the folder a file goes into with one `mkdir`, once per build. Another thread may have
    /// claimed the folder (or its parent) and not made it yet: then every missing parent is made here.
    private func ensureFolder(_ folder: URL) throws {
        let path = folder.path
        lock.lock()
        let isNew = createdFolders.insert(path).inserted
        lock.unlock()
        guard isNew else {
            // Another thread claimed it and may not have made it yet (files of one folder are written on
            // every core): make it here (mkdir -p), or wait while the claimer clears a spare file in its way.
            if isMade(path) || (try? FileSystem.makeDirectories(path, below: staging.path)) != nil { return }
            var waited = 0
            while !isMade(path), waited < 200 {   // at most a second
                usleep(5_000)
                waited += 1
            }
            if !isMade(path) { try FileSystem.makeDirectories(path, below: staging.path) }
            return
        }
        if !spareFiles.isEmpty, path.count > staging.path.count {
            // The spare had a file where this build has a folder (or one of its parents).
            let relative = path.dropFirst(staging.path.count + 1)
            var end = relative.startIndex
            while end < relative.endIndex {
                end = relative[relative.index(after: end)...].firstIndex(of: "/") ?? relative.endIndex
                if spareFiles[String(relative[..<end])] != nil { unlink(staging.path + "/" + relative[..<end]) }
            }
        }
        try FileSystem.makeDirectories(path, below: staging.path)
        lock.lock()
        madeFolders.insert(path)
        lock.unlock()
    }

    private func isMade(_ path: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return madeFolders.contains(path)
    }

    /// The previous build's copy of `path`, if there is one.
    private func previous(_ path: SitePath) -> URL {
        destination.appendingPathComponent(path.outputFile)
    }

    /// Puts `old` (a file of the previous output) at `target` as a hard link. When the spare already
    /// holds that very file there, nothing is done; anything else at `target` is unlinked first.
    private func link(_ old: URL, identity: FileSystem.Identity, at target: URL, name: String) -> Bool {
        if let inode = spareFiles[name] {
            if inode == identity.inode, FileSystem.status(target.path, followingLinks: false)?.identity == identity { return true }
            unlink(target.path)
        }
        return Glibc.link(old.path, target.path) == 0
    }

    /// Links `path` from the previous output when `isSame` says its bytes are unchanged; returns the
    /// linked file's identity.
    private func reuse(_ path: SitePath, at target: URL, size: Int, isSame: (URL) -> Bool) -> FileSystem.Identity? {
        let old = previous(path)
        guard let status = FileSystem.status(old.path), status.isRegularFile, status.size == size, isSame(old),
              link(old, identity: status.identity, at: target, name: path.outputFile) else { return nil }
        return status.identity
    }

    public func write(_ file: OutputFile) throws {
        let target = url(for: file.path)
        if let identity = file.previousIdentity {
            // The renderer found the previous output's file made from the same data, as it just checked.
            do {
                guard try keepPrevious(file.path, identity: identity) else {
                    throw FileSystem.Failure(operation: "link", path: previous(file.path).path, code: errno)
                }
            } catch {
                throw Failure.io("无法写入 \(target.path)", underlying: error)
            }
            record(file.path, unchanged: true, identity: identity, fingerprint: file.fingerprint)
            return
        }
        var identity: FileSystem.Identity?
        var reused = false
        do {
            try ensureFolder(target.deletingLastPathComponent())
            if let linked = reuse(file.path, at: target, size: file.data.count, isSame: { old in
                FileSystem.read(old.path) == file.data
            }) {
                identity = linked
                reused = true
            } else {
                identity = try store(file.data, at: target, name: file.path.outputFile)
            }
        } catch {
            throw Failure.io("无法写入 \(target.path)", underlying: error)
        }
        record(file.path, unchanged: reused, identity: identity, fingerprint: file.fingerprint)
    }

    /// Puts the previous output's file at `path` (of `identity`, just checked) into the staging folder:
    /// nothing to do, not even a system call, when the spare already holds that very file (same inode: a
    /// hard link made by an earlier build); a hard link otherwise. False when it could not be linked.
    private func keepPrevious(_ path: SitePath, identity: FileSystem.Identity) throws -> Bool {
        if sharesDeviceWithOutput, spareFiles[path.outputFile] == identity.inode { return true }
        let target = url(for: path)
        try ensureFolder(target.deletingLastPathComponent())
        return link(previous(path), identity: identity, at: target, name: path.outputFile)
    }

    /// Notes a file that another component wrote into the staging folder, so it is verified. Its name
    /// is derived from its content (thumbnails), so a file of that name in the previous output is the same.
    func recordContentAddressed(_ path: SitePath) {
        let target = url(for: path)
        var linked: FileSystem.Identity?
        if let size = FileSystem.size(target.path) {
            let staged = target.appendingPathExtension("new")
            if (try? FileManager.default.moveItem(at: target, to: staged)) != nil {
                linked = reuse(path, at: target, size: size, isSame: { old in
                    FileSystem.read(old.path) == FileSystem.read(staged.path)   // a few KB: compared, not trusted
                })
                if linked != nil {
                    try? FileManager.default.removeItem(at: staged)
                } else {
                    try? FileManager.default.moveItem(at: staged, to: target)
                }
            }
        }
        record(path, unchanged: linked != nil, identity: linked ?? FileSystem.status(target.path)?.identity)
    }

    /// Copies a file from `content/` as it is (media).
    /// `previous`: the last build's manifest; when it copied the same, unchanged source to `path` and its
    /// copy is still in `output/`, the copy is linked without reading either (a video can be 100 MB).
    func copy(from source: String, to path: SitePath, previous: OutputManifest? = nil) throws {
        let target = url(for: path)
        // A source changed in the last two seconds is compared, not trusted by its times.
        let stamp = FileSystem.status(source).flatMap { $0.isRegularFile && $0.stamp.isSettled() ? $0.stamp : nil }
        // The last build's copy of the same, unchanged source, still in output/: linked, neither file read.
        if let stamp, let entry = previous?.holdsUnchangedCopy(path.outputFile, of: stamp),
           (try? keepPrevious(path, identity: entry.identity)) == true {
            record(path, unchanged: true, identity: entry.identity, source: stamp)
            return
        }
        let linked: FileSystem.Identity?
        var copied: FileSystem.Identity?
        do {
            try ensureFolder(target.deletingLastPathComponent())
            linked = reuse(path, at: target, size: FileSystem.size(source) ?? -1) { old in
                FileManager.default.contentsEqual(atPath: old.path, andPath: source)
            }
            if linked == nil {
                makeWay(at: target, name: path.outputFile)
                try FileManager.default.copyItem(atPath: source, toPath: target.path)
                copied = FileSystem.status(target.path)?.identity
            }
        } catch {
            throw Failure.io("无法复制 \(source)", underlying: error)
        }
        record(path, unchanged: linked != nil, identity: linked ?? copied, source: stamp)
    }

    /// Makes way for a new file at `target`: what the spare has there is removed — its file (which may
    /// be a hard link to the live output's: replaced, never written into) or a folder where this build
    /// has a file.
    private func makeWay(at target: URL, name: String) {
        if spareFiles[name] != nil { unlink(target.path) }
        if !spareFolders.isEmpty, FileSystem.status(target.path, followingLinks: false)?.isDirectory == true {
            try? FileManager.default.removeItem(at: target)
        }
    }

    /// Writes without a temporary file or the per-file `fsync` that `Data.write(to:)` performs (thousands
    /// of fsyncs were a sixth of a build's CPU): crash safety comes from the staging folder and the
    /// atomic swap, not from flushing each page.
    private func store(_ data: Data, at target: URL, name: String) throws -> FileSystem.Identity {
        makeWay(at: target, name: name)
        do {
            return try FileSystem.write(data, to: target.path)
        } catch let failure as FileSystem.Failure where failure.code == ENOENT {
            // Its folder was claimed by another thread that has not made it yet.
            try FileSystem.makeDirectories(target.deletingLastPathComponent().path, below: staging.path)
            return try FileSystem.write(data, to: target.path)
        }
    }

    /// Removes what the spare held that this build did not write: files, then emptied folders.
    /// Call once every file is written, before the staging folder is read back or swapped in.
    func removeLeftovers() {
        guard !spareFiles.isEmpty || !spareFolders.isEmpty else { return }
        let kept = Set(writtenFiles.map(\.outputFile))
        for file in spareFiles.keys where !kept.contains(file) { unlink(staging.path + "/" + file) }
        // Folders holding a file of this build stay; the others are removed deepest first (one that
        // still holds a folder of this build is not empty and stays).
        var needed = Set<Substring>()
        for file in kept {
            if let slash = file.utf8.lastIndex(of: UInt8(ascii: "/")) { needed.insert(file[..<slash]) }
        }
        for folder in spareFolders.sorted(by: { $0.utf8.count > $1.utf8.count }) where !needed.contains(Substring(folder)) {
            rmdir(staging.path + "/" + folder)
        }
    }

    /// Whether this build changes nothing: every file unchanged and no other file in the previous output.
    private var changesNothing: Bool {
        guard unchangedFiles == writtenFiles.count, FileSystem.status(destination.path)?.isDirectory == true else { return false }
        return FileSystem.walk(destination.path)?.files.count == writtenFiles.count
    }

    /// Swaps the staging folder in as `output/` (atomically where the file system can exchange two
    /// paths); the previous output becomes the spare. A build that changes nothing leaves `output/` as it is.
    public func commit() throws {
        let fileManager = FileManager.default
        if changesNothing {
            keepAsSpare(staging)
            return
        }
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
                keepAsSpare(staging)   // now holds the previous output
            } else {
                try fileManager.moveItem(at: staging, to: destination)
            }
        } catch {
            throw Failure.io("无法替换输出文件夹 \(destination.path)", underlying: error)
        }
    }

    /// A failed build: `output/` is left alone; what was staged is kept as the spare (every file in it is
    /// whole, and the next build makes it match whatever it builds).
    public func discard() {
        if writtenFiles.isEmpty && spareFiles.isEmpty && spareFolders.isEmpty {
            try? FileManager.default.removeItem(at: staging)   // nothing worth keeping
        } else {
            keepAsSpare(staging)
        }
    }

    private func keepAsSpare(_ folder: URL) {
        // An `output` that was a symbolic link comes back from the swap as the link: remove only the link.
        if FileSystem.status(folder.path, followingLinks: false)?.isDirectory == true, rename(folder.path, spare.path) == 0 {
            return
        }
        try? FileManager.default.removeItem(at: folder)
    }
}
