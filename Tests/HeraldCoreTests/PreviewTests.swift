import Foundation
import Testing
@testable import HeraldCore
#if canImport(Glibc)
import Glibc
#endif

/// `herald serve`: which file a request path gets (and which it never gets), the reload script added to
/// served pages, the watcher, the event hub, and the whole loop through the binary.
@Suite struct PreviewTests {
    // MARK: - Routing

    /// A preview folder as a build leaves it, served under `/campaign/2024/`.
    private func previewFolder() throws -> (router: PreviewRouter, root: URL, outside: URL) {
        let scratch = Fixtures.scratch()
        let root = scratch.appendingPathComponent("site")
        let files = ["index.html", "404.html", "notices/a/index.html", "assets/style.css", "media/规则.pdf",
                     "media/clip.mp4", "feed.xml", "feed.json", "events.ics"]
        for file in files {
            let url = root.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.utf8).write(to: url)
        }
        let outside = scratch.appendingPathComponent("secret.txt")
        try Data("secret".utf8).write(to: outside)
        return (PreviewRouter(root: root.path, basePath: "/campaign/2024/"), root, outside)
    }

    @Test func pathsBelowTheBasePathMapToPreviewFiles() throws {
        let (router, root, _) = try previewFolder()
        let r = root.path
        #expect(router.route("/campaign/2024/") == .file(path: r + "/index.html", contentType: "text/html; charset=utf-8"))
        #expect(router.route("/campaign/2024/notices/a/") == .file(path: r + "/notices/a/index.html",
                                                                     contentType: "text/html; charset=utf-8"))
        #expect(router.route("/campaign/2024/assets/style.css") == .file(path: r + "/assets/style.css",
                                                                           contentType: "text/css; charset=utf-8"))
        #expect(router.route("/campaign/2024/media/%E8%A7%84%E5%88%99.pdf") == .file(path: r + "/media/规则.pdf",
                                                                                     contentType: "application/pdf"))
        #expect(router.route("/campaign/2024/./notices//a/") == .file(path: r + "/notices/a/index.html",
                                                                       contentType: "text/html; charset=utf-8"))
    }

    @Test func rootAndFoldersWithoutTheirSlashRedirect() throws {
        let (router, _, _) = try previewFolder()
        #expect(router.route("/") == .redirect(location: "/campaign/2024/"))
        #expect(router.route("/campaign") == .redirect(location: "/campaign/2024/"))
        #expect(router.route("/campaign/2024") == .redirect(location: "/campaign/2024/"))
        #expect(router.route("/campaign/2024/notices/a") == .redirect(location: "/campaign/2024/notices/a/"))
    }

    @Test func missingFilesGetTheSitesNotFoundPage() throws {
        let (router, root, _) = try previewFolder()
        let notFound = PreviewRouter.Route.notFound(page: root.path + "/404.html")
        #expect(router.route("/campaign/2024/nothing/") == notFound)
        #expect(router.route("/campaign/2024/nothing.css") == notFound)
        #expect(router.route("/elsewhere/index.html") == notFound)
        #expect(router.route("/campaign/2024/notices/") == notFound)   // a folder without index.html
        let empty = PreviewRouter(root: root.appendingPathComponent("never-built").path, basePath: "/")
        #expect(empty.route("/") == .notFound(page: nil))
    }

    @Test func traversalIsRejectedNotResolved() throws {
        let (router, _, _) = try previewFolder()
        for path in ["/campaign/2024/../secret.txt", "/campaign/2024/../../secret.txt", "/campaign/2024/%2e%2e/secret.txt",
                     "/campaign/2024/%2E%2E/%2E%2E/secret.txt", "/campaign/2024/..%2Fsecret.txt",
                     "/campaign/2024/%2e%2e%2fsecret.txt", "/campaign/2024/a%00.html", "/campaign/2024/%zz",
                     "/campaign/2024/..", "campaign/2024/index.html", "", "/campaign/2024/..%5Csecret.txt"] {
            #expect(router.route(path) == .rejected, "\(path)")
        }
    }

    @Test func symbolicLinksOutOfThePreviewAreNotServed() throws {
        let (router, root, outside) = try previewFolder()
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("leak.txt").path,
                                                   withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("up").path,
                                                   withDestinationPath: outside.deletingLastPathComponent().path)
        #expect(router.route("/campaign/2024/leak.txt") == .notFound(page: root.path + "/404.html"))
        #expect(router.route("/campaign/2024/up/secret.txt") == .notFound(page: root.path + "/404.html"))
        #expect(router.route("/campaign/2024/up/") == .notFound(page: root.path + "/404.html"))
    }

    @Test func siteAtTheDomainRootAndTheEventStream() throws {
        let (_, root, _) = try previewFolder()
        let router = PreviewRouter(root: root.path, basePath: "/")
        #expect(router.route("/") == .file(path: root.path + "/index.html", contentType: "text/html; charset=utf-8"))
        #expect(router.route("/__herald/events") == .events)
        #expect(try previewFolder().router.route("/__herald/events") == .events)
    }

    @Test func onlyAddressesAndLocalhostAreAcceptedAsHost() {
        for host in ["127.0.0.1:8080", "localhost:8080", "LOCALHOST", "[::1]:8080", "[::1]", "192.168.1.20:8080", "127.0.0.1"] {
            #expect(PreviewRouter.isAllowedHost(host), "\(host)")
        }
        for host in [nil, "", "evil.example:8080", "127.0.0.1.nip.io:8080", "localhost.evil.example", "1.2.3.4.5",
                     "300.1.1.1", "127.0.0.1:80x", "[::1]evil", "[::1]:"] as [String?] {
            #expect(!PreviewRouter.isAllowedHost(host), "\(host ?? "nil")")
        }
    }

    @Test func contentTypesOfWhatASiteHolds() {
        let expected = [
            "a.html": "text/html; charset=utf-8", "a.css": "text/css; charset=utf-8",
            "a.js": "text/javascript; charset=utf-8", "feed.xml": "application/xml; charset=utf-8",
            "feed.json": "application/json; charset=utf-8", "a.webp": "image/webp", "a.JPG": "image/jpeg",
            "a.jpeg": "image/jpeg", "a.png": "image/png", "a.mp4": "video/mp4", "a.mov": "video/quicktime",
            "a.pdf": "application/pdf", "events.ics": "text/calendar; charset=utf-8",
            "robots.txt": "text/plain; charset=utf-8", "a.bin": "application/octet-stream",
        ]
        for (file, type) in expected {
            #expect(PreviewRouter.contentType(for: file) == type, "\(file)")
        }
    }

    // MARK: - The reload script

    @Test func scriptGoesBeforeTheLastClosingBodyTag() {
        let page = Data("<html><body><p>&lt;/body&gt; in text</p>\n</BODY>\n</html>\n".utf8)
        let served = String(decoding: LiveReloadScript.inject("<script>x</script>", into: page), as: UTF8.self)
        #expect(served == "<html><body><p>&lt;/body&gt; in text</p>\n<script>x</script>\n</BODY>\n</html>\n")

        let fragment = Data("<p>no body tag</p>".utf8)
        #expect(String(decoding: LiveReloadScript.inject("<script>x</script>", into: fragment), as: UTF8.self)
                == "<p>no body tag</p><script>x</script>\n")
        let chinese = Data("<body>中文</body>".utf8)
        #expect(String(decoding: LiveReloadScript.inject("<s>", into: chinese), as: UTF8.self) == "<body>中文<s>\n</body>")
    }

    @Test func scriptListensForReloadAndShowsErrorsAsText() {
        let script = LiveReloadScript.element(generation: 7)
        #expect(script.hasPrefix("<script"))
        #expect(script.contains("new EventSource(\"/__herald/events\")"))
        #expect(script.contains("var generation = 7"))
        for event in ["\"hello\"", "\"reload\"", "\"errors\""] { #expect(script.contains(event)) }
        #expect(script.contains("textContent"))
        #expect(!script.contains("innerHTML"))
        #expect(!script.contains("insertAdjacentHTML"))
        #expect(!script.contains("document.write"))
        // One `</script>`: nothing inside ends the element early.
        #expect(script.components(separatedBy: "</script>").count == 2)
    }

    // MARK: - Event hub

    private func collect(_ stream: AsyncStream<String>, count: Int) async -> [String] {
        var events: [String] = []
        for await event in stream {
            events.append(event)
            if events.count == count { break }
        }
        return events
    }

    @Test func hubGreetsReportsErrorsAndReloads() async throws {
        let hub = ReloadHub()
        let first = hub.subscribe()
        let errors = [Diagnostic.error(at: SourceLocation(file: "content/notices/a.md", line: 3, column: 7),
                                       "日期“2024-13-45”无法识别", hint: "写成 2024-05-08")]
        hub.buildFailed(errors)
        let late = hub.subscribe()   // a page opened while the build is broken sees the errors at once
        hub.buildSucceeded()

        let seen = await collect(first, count: 4)
        #expect(seen[0] == "retry: 500\n\n")
        #expect(seen[1] == "event: hello\ndata: 0\n\n")
        #expect(seen[2].hasPrefix("event: errors\ndata: [{"))
        #expect(seen[2].contains("\"file\":\"content/notices/a.md\",\"hint\":\"写成 2024-05-08\",\"line\":3"))
        #expect(seen[3] == "event: reload\ndata: 1\n\n")
        let lateSeen = await collect(late, count: 4)
        #expect(lateSeen[2].hasPrefix("event: errors\n"))
        #expect(lateSeen[3] == "event: reload\ndata: 1\n\n")
        #expect(hub.generation == 1)
        let fresh = await collect(hub.subscribe(), count: 2)   // after the fix: no errors, current generation
        #expect(fresh[1] == "event: hello\ndata: 1\n\n")
    }

    @Test func eventDataSpanningLinesGetsOneDataFieldEach() {
        #expect(ServerSentEvent.format(event: "x", data: "a\nb") == "event: x\ndata: a\ndata: b\n\n")
        #expect(!ReloadHub.json([.error(at: SourceLocation(file: "f"), "line one\nline two")]).contains("\n"))
    }

    // MARK: - Watcher

    @Test func snapshotsShowAddedChangedAndRemovedFilesButNotEditorScratchFiles() throws {
        let folder = Fixtures.scratch().appendingPathComponent("content")
        let notices = folder.appendingPathComponent("notices")
        try FileManager.default.createDirectory(at: notices, withIntermediateDirectories: true)
        try "a".write(to: notices.appendingPathComponent("a.md"), atomically: false, encoding: .utf8)
        try "b".write(to: notices.appendingPathComponent("b.md"), atomically: false, encoding: .utf8)
        let missing = folder.deletingLastPathComponent().appendingPathComponent("layouts").path
        let before = DirectorySnapshot.scan([folder.path, missing])
        #expect(before.files.count == 2)

        try "a, longer".write(to: notices.appendingPathComponent("a.md"), atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(at: notices.appendingPathComponent("b.md"))
        try FileManager.default.createDirectory(at: notices.appendingPathComponent("new"), withIntermediateDirectories: true)
        try "c".write(to: notices.appendingPathComponent("new/c.md"), atomically: false, encoding: .utf8)
        try "x".write(to: notices.appendingPathComponent(".a.md.swp"), atomically: false, encoding: .utf8)
        try "x".write(to: notices.appendingPathComponent("a.md~"), atomically: false, encoding: .utf8)
        let after = DirectorySnapshot.scan([folder.path, missing])
        #expect(before.changes(to: after) == [notices.path + "/a.md", notices.path + "/b.md", notices.path + "/new/c.md"])
        #expect(after.changes(to: DirectorySnapshot.scan([folder.path, missing])).isEmpty)

        // An editor's atomic save of identical size and second: a new inode.
        try "A, longer".write(to: notices.appendingPathComponent("a.md"), atomically: true, encoding: .utf8)
        #expect(after.changes(to: DirectorySnapshot.scan([folder.path])) == [notices.path + "/a.md"])
    }

    @Test func watcherCallsBackOnceASaveSettles() async throws {
        let folder = Fixtures.scratch().appendingPathComponent("content")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("notices"), withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("notices/a.md")
        try "one".write(to: file, atomically: true, encoding: .utf8)
        let watcher = FileWatcher(roots: [folder.path])
        let (changes, continuation) = AsyncStream<[String]>.makeStream()
        watcher.start { continuation.yield($0) }
        defer { watcher.stop() }

        // A hidden scratch file alone is not a change; the real edit after it is.
        try "tmp".write(to: folder.appendingPathComponent("notices/.a.md.swp"), atomically: false, encoding: .utf8)
        try await Task.sleep(nanoseconds: 150_000_000)
        try "two".write(to: file, atomically: true, encoding: .utf8)
        let first = try await next(changes, within: 5)
        #expect(first == [file.path])

        // A file in a folder created after the watcher started.
        let nested = folder.appendingPathComponent("notices/2024/b.md")
        try FileManager.default.createDirectory(at: nested.deletingLastPathComponent(), withIntermediateDirectories: true)
        try await Task.sleep(nanoseconds: 150_000_000)
        try "b".write(to: nested, atomically: false, encoding: .utf8)
        #expect(try await next(changes, within: 5) == [nested.path])
        #if os(Linux)
        #expect(watcher.usesKernelEvents)
        #endif
    }

    /// The next element of `stream`, or a failure after `seconds`.
    private func next(_ stream: AsyncStream<[String]>, within seconds: Double) async throws -> [String] {
        try await withThrowingTaskGroup(of: [String]?.self) { group in
            group.addTask {
                var iterator = stream.makeAsyncIterator()
                return await iterator.next()
            }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return try #require(first, "no change reported within \(seconds) s")
        }
    }

    // MARK: - End to end: the binary, a browser's requests, an edit, a mistake, a fix

    @Test(.timeLimit(.minutes(1)))
    func serveRebuildsReloadsAndReportsErrorsInTheBrowser() throws {
        let site = try SiteCopy(of: Fixtures.validContent)
        let server = try PreviewServerProcess(content: site.path)
        defer { server.stop() }
        let port = try server.waitForPort(within: 10)

        let page = "/campaign/2024/notices/2024-05-first/"
        let before = try LoopbackHTTP.get(port: port, path: page)
        #expect(before.status == 200)
        #expect(before.body.contains("这是第一段"))
        #expect(before.body.contains("data-herald-preview"))
        #expect(before.headers["content-type"] == "text/html; charset=utf-8")
        // The served page has the script; the preview folder holds exactly what `herald build` writes.
        let previewFile = site.content.deletingLastPathComponent()
            .appendingPathComponent(".herald-preview/site/notices/2024-05-first/index.html")
        let onDisk = try String(contentsOf: previewFile, encoding: .utf8)
        #expect(onDisk.contains("这是第一段") && !onDisk.contains("data-herald-preview"))
        #expect(try LoopbackHTTP.get(port: port, path: "/").headers["location"] == "/campaign/2024/")
        #expect(try LoopbackHTTP.get(port: port, path: "/campaign/2024/media/rules.pdf").headers["content-type"] == "application/pdf")
        let missing = try LoopbackHTTP.get(port: port, path: "/campaign/2024/no-such-page/")
        #expect(missing.status == 404 && missing.body.contains("data-herald-preview"))
        #expect(try LoopbackHTTP.get(port: port, path: "/campaign/2024/%2e%2e/%2e%2e/etc/passwd").status == 400)

        let events = try EventStreamClient(port: port)
        defer { events.close() }
        let hello = try events.next(within: 10)
        #expect(hello.name == "hello")

        // An edit: `reload`, and the page shows it.
        try site.replace(in: "notices/2024-05-first.md", "这是第一段", with: "这是改过的第一段")
        let reload = try events.next(within: 10)
        #expect(reload.name == "reload")
        #expect(try LoopbackHTTP.get(port: port, path: page).body.contains("这是改过的第一段"))

        // A mistake in the front matter: `errors` with the file and line; the last good preview stays.
        try site.replace(in: "notices/2024-05-first.md", "date: 2024-05-08", with: "date: 2024-13-45")
        let errors = try events.next(within: 10)
        #expect(errors.name == "errors")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(errors.data.utf8)) as? [[String: Any]])
        let first = try #require(list.first)
        #expect(first["file"] as? String == site.file("notices/2024-05-first.md"))
        #expect(first["line"] as? Int == 3)
        #expect(first["severity"] as? String == "error")
        #expect(try LoopbackHTTP.get(port: port, path: page).body.contains("这是改过的第一段"))
        // The terminal gets the same message; its pipe is read on another thread, so give it a moment.
        let wanted = site.file("notices/2024-05-first.md") + ":3:"
        let deadline = Date().addingTimeInterval(5)
        while !server.stderr.contains(wanted) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(server.stderr.contains(wanted))

        // The fix: `reload` again.
        try site.replace(in: "notices/2024-05-first.md", "date: 2024-13-45", with: "date: 2024-05-09")
        let fixed = try events.next(within: 10)
        #expect(fixed.name == "reload")
    }
}

// MARK: - Test helpers: the server process and a loopback HTTP client

/// `herald serve` on a free loopback port (the system picks it: `--port 0`), stopped by `stop()`.
final class PreviewServerProcess: @unchecked Sendable {
    private let process = Process()
    private let pipes = (out: Pipe(), err: Pipe())
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()

    init(content: String) throws {
        process.executableURL = try #require(CommandLineTests.herald, "build the herald product first")
        process.arguments = ["serve", "--content", content, "--port", "0", "--host", "127.0.0.1",
                             "--now", "2024-08-10T12:00:00+08:00"]
        process.currentDirectoryURL = URL(fileURLWithPath: content).deletingLastPathComponent()
        process.standardOutput = pipes.out
        process.standardError = pipes.err
        pipes.out.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.out.append(data) }
        }
        pipes.err.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.err.append(data) }
        }
        try process.run()
    }

    var stdout: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
    var stderr: String { lock.withLock { String(decoding: err, as: UTF8.self) } }

    /// The port from the `预览地址：http://127.0.0.1:PORT/…` line.
    func waitForPort(within seconds: Double) throws -> UInt16 {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let text = stdout
            if let range = text.range(of: "http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = UInt16(digits) { return port }
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw PreviewTestError("server did not start within \(seconds) s; stdout: \(stdout) stderr: \(stderr)")
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        pipes.out.fileHandleForReading.readabilityHandler = nil
        pipes.err.fileHandleForReading.readabilityHandler = nil
    }
}

struct PreviewTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A blocking TCP connection to 127.0.0.1 whose every read has a deadline.
final class LoopbackSocket {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    init(port: UInt16) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw PreviewTestError("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            Glibc.close(descriptor)
            throw PreviewTestError("connect to 127.0.0.1:\(port) failed")
        }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw PreviewTestError("send failed") }
            sent += count
        }
    }

    /// Reads more bytes into the buffer; false at end of stream. Throws when nothing came by `deadline`.
    private func fill(by deadline: Date) throws -> Bool {
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { throw PreviewTestError("timed out waiting for the server") }
        var descriptorSet = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptorSet, 1, Int32(remaining * 1000) + 1) > 0 else {
            throw PreviewTestError("timed out waiting for the server")
        }
        var chunk = [UInt8](repeating: 0, count: 16384)
        let count = recv(descriptor, &chunk, chunk.count, 0)
        if count <= 0 { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }

    /// Bytes up to and including `delimiter`.
    func read(until delimiter: String, by deadline: Date) throws -> [UInt8] {
        let needle = Array(delimiter.utf8)
        while true {
            if let end = Self.find(needle, in: buffer) {
                let result = Array(buffer[..<(end + needle.count)])
                buffer.removeFirst(end + needle.count)
                return result
            }
            guard try fill(by: deadline) else { throw PreviewTestError("connection closed") }
        }
    }

    func read(count: Int, by deadline: Date) throws -> [UInt8] {
        while buffer.count < count {
            guard try fill(by: deadline) else { throw PreviewTestError("connection closed") }
        }
        let result = Array(buffer[..<count])
        buffer.removeFirst(count)
        return result
    }

    func readToEnd(by deadline: Date) throws -> [UInt8] {
        while try fill(by: deadline) {}
        defer { buffer.removeAll() }
        return buffer
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where haystack[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }

    func close() { Glibc.close(descriptor) }
}

enum LoopbackHTTP {
    struct Response {
        let status: Int
        let headers: [String: String]
        let body: String
    }

    /// One GET with `Connection: close`; the response read to its end, at most 10 s.
    static func get(port: UInt16, path: String) throws -> Response {
        let socket = try LoopbackSocket(port: port)
        defer { socket.close() }
        try socket.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
        let deadline = Date().addingTimeInterval(10)
        let head = try headers(String(decoding: socket.read(until: "\r\n\r\n", by: deadline), as: UTF8.self))
        let body = try socket.readToEnd(by: deadline)
        return Response(status: head.status, headers: head.fields, body: String(decoding: body, as: UTF8.self))
    }

    static func headers(_ text: String) throws -> (status: Int, fields: [String: String]) {
        let lines = text.components(separatedBy: "\r\n")
        let statusLine = lines.first?.split(separator: " ") ?? []
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw PreviewTestError("bad status line \(text)") }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, fields)
    }
}

/// The live-reload event stream as a browser's EventSource reads it (chunked transfer encoding undone).
final class EventStreamClient {
    private let socket: LoopbackSocket
    private var text = ""

    init(port: UInt16) throws {
        socket = try LoopbackSocket(port: port)
        try socket.send("GET /__herald/events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n\r\n")
        let head = try LoopbackHTTP.headers(String(decoding: socket.read(until: "\r\n\r\n", by: Date().addingTimeInterval(10)),
                                                   as: UTF8.self))
        guard head.status == 200, head.fields["content-type"]?.hasPrefix("text/event-stream") == true,
              head.fields["transfer-encoding"] == "chunked" else {
            throw PreviewTestError("not an event stream: \(head)")
        }
    }

    /// The next named event (comments and `retry:` skipped), waiting at most `seconds`.
    func next(within seconds: Double) throws -> (name: String, data: String) {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            while let end = text.range(of: "\n\n") {
                let block = String(text[..<end.lowerBound])
                text.removeSubrange(..<end.upperBound)
                var name: String?
                var data: [String] = []
                for line in block.split(separator: "\n") {
                    if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
                }
                if let name { return (name, data.joined(separator: "\n")) }
            }
            let sizeLine = String(decoding: try socket.read(until: "\r\n", by: deadline), as: UTF8.self)
            guard let size = Int(sizeLine.trimmingCharacters(in: .whitespacesAndNewlines), radix: 16), size > 0 else {
                throw PreviewTestError("event stream ended")
            }
            let chunk = try socket.read(count: size + 2, by: deadline)
            text += String(decoding: chunk.dropLast(2), as: UTF8.self)
        }
    }

    func close() { socket.close() }
}
