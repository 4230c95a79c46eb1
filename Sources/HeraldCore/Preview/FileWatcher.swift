import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a folder tree looks like: every file's size, modification time and inode. Two snapshots
/// differ exactly where a file was added, removed, rewritten or replaced (an editor's atomic save is
/// a new inode), so the watcher decides what changed by comparing them, whatever the kernel reported.
public struct DirectorySnapshot: Sendable, Equatable {
    public struct Stamp: Sendable, Equatable {
        var size: Int64
        var modified: Int64   // nanoseconds
        var inode: UInt64
    }

    /// Absolute path → stamp, for files; folders are listed in `folders` (to watch them).
    public private(set) var files: [String: Stamp] = [:]
    public private(set) var folders: [String] = []

    public init() {}

    /// Scans `roots` (missing ones are empty). Hidden names (`.git`, `.foo.swp`, `.#foo`) and editor
    /// backups (`foo~`) are skipped: Herald reads neither, and editors touch them on every keystroke.
    public static func scan(_ roots: [String]) -> DirectorySnapshot {
        var snapshot = DirectorySnapshot()
        for root in roots { snapshot.walk(root, depth: 0) }
        snapshot.folders.sort()
        return snapshot
    }

    static func ignored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~")
    }

    private mutating func walk(_ folder: String, depth: Int) {
        guard depth < 64, let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        folders.append(folder)
        var subfolders: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." || Self.ignored(name) { continue }
            let path = folder + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR {
                subfolders.append(path)
                continue
            }
            // A symbolic link: its target's stamp; never followed into folders (no loops).
            if type == S_IFLNK {
                var target = stat()
                if stat(path, &target) == 0, target.st_mode & S_IFMT != S_IFDIR { info = target }
            }
            files[path] = Stamp(size: Int64(info.st_size), modified: Self.nanoseconds(info), inode: UInt64(info.st_ino))
        }
        for subfolder in subfolders { walk(subfolder, depth: depth + 1) }
    }

    private static func nanoseconds(_ info: stat) -> Int64 {
        #if canImport(Darwin)
        return Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        return Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
    }

    /// Files added, removed or changed between `self` and `newer`, sorted.
    public func changes(to newer: DirectorySnapshot) -> [String] {
        var changed: [String] = []
        for (path, stamp) in newer.files where files[path] != stamp { changed.append(path) }
        for path in files.keys where newer.files[path] == nil { changed.append(path) }
        return changed.sorted()
    }
}

/// Watches folder trees (`content/`, `layouts/`) and calls back with the files that changed, once the
/// writing has settled (an editor's save is often several events).
///
/// On Linux the kernel wakes it (inotify, one watch per folder, folders added as they appear); a
/// rescan every `safetyInterval` catches anything inotify cannot report (a watch limit reached, a
/// queue overflow, a root created later). Elsewhere, or when inotify is unavailable, it polls every
/// `pollInterval`. Either way the snapshot comparison decides what changed, so a burst of events for
/// a file written and then restored calls back with nothing, and no callback is ever missed.
///
/// The callback runs on the watcher's own thread, and the next change is looked for only after it
/// returns: a rebuild in the callback is never run twice at once, and edits made during it are seen
/// by the next scan.
public final class FileWatcher: @unchecked Sendable {
    public let roots: [String]
    public var settleDelay: TimeInterval = 0.02
    public var pollInterval: TimeInterval = 0.1
    public var safetyInterval: TimeInterval = 1.0

    private let lock = NSLock()
    private var running = false
    private var thread: Thread?
    private var inotify: Int32 = -1
    /// Whether the kernel reports changes (false: polling).
    public private(set) var usesKernelEvents = false

    public init(roots: [String]) {
        self.roots = roots.map { $0.count > 1 && $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    deinit { stop() }

    /// Starts watching. Changes are reported against `baseline` (taken before a first build, so edits
    /// made during it are reported at once), or against a snapshot taken now.
    public func start(from baseline: DirectorySnapshot? = nil, onChange: @escaping @Sendable ([String]) -> Void) {
        lock.withLock {
            guard !running else { return }
            running = true
            #if os(Linux)
            inotify = inotify_init1(Int32(IN_CLOEXEC) | Int32(IN_NONBLOCK))
            #endif
            usesKernelEvents = inotify >= 0
        }
        let initial = DirectorySnapshot.scan(roots)
        addWatches(initial)
        let thread = Thread { [self] in loop(from: baseline ?? initial, scanFirst: baseline != nil, onChange: onChange) }
        thread.name = "herald.watcher"
        thread.stackSize = 1 << 20
        lock.withLock { self.thread = thread }
        thread.start()
    }

    public func stop() {
        lock.withLock { running = false }
    }

    private var isRunning: Bool { lock.withLock { running } }

    private func loop(from initial: DirectorySnapshot, scanFirst: Bool, onChange: @Sendable ([String]) -> Void) {
        var snapshot = initial
        var lastScan = Date()
        var scanNow = scanFirst
        while isRunning {
            if scanNow {
                scanNow = false
            } else if usesKernelEvents {
                let woke = waitForEvents(timeout: safetyInterval)
                if !isRunning { break }
                if !woke && Date().timeIntervalSince(lastScan) < safetyInterval { continue }
                if woke {
                    // Let the save finish: wait until no event came for `settleDelay` (at most 1 s).
                    let deadline = Date().addingTimeInterval(1)
                    while Date() < deadline, waitForEvents(timeout: settleDelay) {}
                }
            } else {
                Thread.sleep(forTimeInterval: pollInterval)
            }
            var newer = DirectorySnapshot.scan(roots)
            lastScan = Date()
            var changed = snapshot.changes(to: newer)
            if changed.isEmpty {
                // Only folders came or went (`mkdir`): watch the new ones before files appear in them.
                if newer.folders != snapshot.folders {
                    addWatches(newer)
                    snapshot = newer
                }
                continue
            }
            if !usesKernelEvents {
                // Polling saw the first write of a save; look again once it has settled.
                Thread.sleep(forTimeInterval: settleDelay)
                newer = DirectorySnapshot.scan(roots)
                changed = snapshot.changes(to: newer)
                if changed.isEmpty { continue }
            }
            snapshot = newer
            addWatches(newer)
            if !isRunning { break }
            onChange(changed)
        }
        lock.withLock {
            if inotify >= 0 { close(inotify) }
            inotify = -1
        }
    }

    /// Watches every folder of the snapshot. Adding a watch that exists only renews it, so this is run
    /// after every change: folders created since are watched, and so is one removed and created again.
    private func addWatches(_ snapshot: DirectorySnapshot) {
        #if os(Linux)
        guard inotify >= 0 else { return }
        let mask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO
                          | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)
        for folder in snapshot.folders {
            _ = inotify_add_watch(inotify, folder, mask)
        }
        // The parent of a root that does not exist yet, so creating `layouts/` is noticed at once too.
        let present = Set(snapshot.folders)
        for root in roots where !present.contains(root) {
            let parent = folderPart(of: root)
            _ = inotify_add_watch(inotify, parent.isEmpty ? "." : parent, mask)
        }
        #endif
    }

    /// Waits up to `timeout` for kernel events and drains them; true when there were any.
    private func waitForEvents(timeout: TimeInterval) -> Bool {
        #if os(Linux)
        var descriptor = pollfd(fd: inotify, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(max(0, timeout * 1000)))
        guard ready > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var any = false
        while read(inotify, &buffer, buffer.count) > 0 { any = true }
        return any
        #else
        Thread.sleep(forTimeInterval: timeout)
        return false
        #endif
    }
}
