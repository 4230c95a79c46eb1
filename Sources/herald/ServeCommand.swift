import ArgumentParser
import FlyingFox
import FlyingSocks
import Foundation
import HeraldCore

/// `herald serve`: builds into a preview folder, serves it under the site's base path on this machine,
/// and rebuilds and reloads the browser when `content/` or `layouts/` change.
///
/// Everything that is not HTTP (routing a path to a file, the reload script, the watcher, the event
/// hub, the build) is in `HeraldCore/Preview`; this file only adapts it to FlyingFox, so the HTTP
/// library stays out of `HeraldCore`.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "本地预览：生成网站并在本机提供访问；内容或版式改动后自动重新生成并刷新浏览器。",
        discussion: """
            预览生成在内容文件夹旁的 .herald-preview/ 中，与 herald build 的输出完全相同；
            自动刷新用的小脚本只在发给浏览器时加入，不写进任何文件。生成出错时，浏览器和终端都会列出
            错误所在的文件和行号，浏览器中保留上次成功的预览；改正后自动刷新。
            """
    )

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: "自定义版式文件夹（覆盖内置主题中的同名文件）。")
    var layouts: String = "layouts"

    @Option(name: .long, help: "端口；0 表示由系统挑一个空闲端口。")
    var port: Int = 8080

    @Option(name: .long, help: "监听的地址；默认只有本机能访问。")
    var host: String = "127.0.0.1"

    @Flag(name: .long, help: "包括草稿和未到发布时间的内容，标为预览。")
    var drafts = false

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError("端口 \(port) 不在 0–65535 之间")
        }
        _ = try address()
    }

    func run() throws {
        let fixedNow: Date? = site.now == nil ? nil : try site.clock()
        try requireContentFolder(site.content, running: "herald serve")
        let folders = PreviewBuilder.defaultFolders(content: site.content)
        let builder = PreviewBuilder(contentDirectory: site.content, layoutsDirectory: layouts,
                                     previewDirectory: folders.preview, cacheDirectory: folders.cache,
                                     now: fixedNow, includeDrafts: drafts)
        let session = PreviewSession(builder: builder)

        // The port first: a second `herald serve` of the same site must fail before it touches the
        // preview folder the first one is serving.
        let server = HTTPServer(address: try address(), timeout: 30, logger: .disabled,
                                handler: PreviewHTTPHandler(session: session))
        let stopped = DispatchSemaphore(value: 0)
        let settled = DispatchSemaphore(value: 0)
        let failure = Locked<Error?>(nil)
        let listening = Locked<Socket.Address?>(nil)
        Task {
            do { try await server.run() } catch { failure.value = error }
            settled.signal()
            stopped.signal()
        }
        Task {
            try? await server.waitUntilListening(timeout: 10)
            listening.value = await server.listeningAddress
            settled.signal()
        }
        settled.wait()
        guard let address = listening.value else {
            let reason = failure.value.map { $0.localizedDescription } ?? "超时"
            FileHandle.standardError.write(Data("无法在 \(host):\(port) 启动预览服务：\(reason)；用 --port 换一个端口\n".utf8))
            throw ExitCode(1)
        }

        let signals = Self.stopOnSignals()

        // A preview left by an earlier session may have been built with other options: start clean.
        // Until the first build is done, pages get a placeholder that reloads when it is.
        try? FileManager.default.removeItem(atPath: folders.preview)
        let watcher = FileWatcher(roots: [site.content, layouts])
        let baseline = DirectorySnapshot.scan(watcher.roots)
        session.rebuild(because: nil)
        watcher.start(from: baseline) { changed in
            session.rebuild(because: changed)
        }
        say("预览地址：\(Self.url(of: address, basePath: session.router.basePath))  （监视 \(site.content)/ 和 \(layouts)/，按 Ctrl-C 停止）")
        if !Self.isLoopback(host) {
            FileHandle.standardError.write(Data("注意：监听 \(host)，同一网络中的其他设备也能访问此预览\n".utf8))
        }
        Task {
            // Comments on the event streams, so connections of closed tabs are noticed and released.
            while true {
                try await Task.sleep(nanoseconds: 15_000_000_000)
                session.hub.heartbeat()
            }
        }
        withExtendedLifetime(signals) { stopped.wait() }
        watcher.stop()
        if let error = failure.value {
            FileHandle.standardError.write(Data("预览服务停止：\(error.localizedDescription)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Ctrl-C and `kill` end the preview, even when the process was started with them ignored (as a
    /// background job or by a test runner that ignores SIGTERM, whose children inherit that).
    private static func stopOnSignals() -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                say("已停止预览")
                Foundation.exit(0)
            }
            source.resume()
            return source
        }
    }

    private func address() throws -> any SocketAddress {
        let port = UInt16(clamping: port)
        let name = host == "localhost" ? "127.0.0.1" : host
        if let ip4 = try? sockaddr_in.inet(ip4: name, port: port) { return ip4 }
        if let ip6 = try? sockaddr_in6.inet6(ip6: name.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: port) {
            return ip6
        }
        throw ValidationError("--host 应是 IP 地址，如 127.0.0.1 或 ::1；“\(host)”不是")
    }

    private static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }

    static func url(of address: Socket.Address?, basePath: String) -> String {
        switch address {
        case .ip4(let ip, let port)?: return "http://\(ip):\(port)\(basePath)"
        case .ip6(let ip, let port)?: return "http://[\(ip)]:\(port)\(basePath)"
        default: return basePath
        }
    }
}

/// The build side of a preview: runs builds one at a time, reports them in the terminal as
/// `herald build` does, moves the served base path, and tells the browsers.
final class PreviewSession: @unchecked Sendable {
    let builder: PreviewBuilder
    let hub = ReloadHub()
    private let buildLock = NSLock()
    private let state: Locked<PreviewRouter>
    private let built = Locked(false)

    init(builder: PreviewBuilder) {
        self.builder = builder
        state = Locked(PreviewRouter(root: builder.previewDirectory, basePath: "/"))
    }

    var router: PreviewRouter { state.value }
    /// Whether any build of this session succeeded (before that there is nothing to serve).
    var hasPreview: Bool { built.value }

    func rebuild(because changed: [String]?) {
        buildLock.withLock {
            let started = Date()
            if let changed {
                let shown = changed.prefix(3).joined(separator: "、") + (changed.count > 3 ? " 等 \(changed.count) 个文件" : "")
                say("\(Self.clock()) 改动：\(shown)")
            }
            let result = builder.build()
            DiagnosticOutput.printText(result.report.diagnostics)
            if result.succeeded {
                if let basePath = result.basePath, basePath != state.value.basePath {
                    state.value = PreviewRouter(root: builder.previewDirectory, basePath: basePath)
                }
                built.value = true
                hub.buildSucceeded()
                let ms = Int(Date().timeIntervalSince(started) * 1000)
                say("\(Self.clock()) 已生成 \(result.report.pagesWritten) 个页面（\(ms) 毫秒）"
                      + (changed == nil ? "" : "，已通知 \(hub.clientCount) 个浏览器页面刷新"))
            } else {
                if !built.value, let basePath = PreviewBuilder.readBasePath(content: builder.contentDirectory) {
                    state.value = PreviewRouter(root: builder.previewDirectory, basePath: basePath)
                }
                hub.buildFailed(result.report.diagnostics.sorted)
                DiagnosticOutput.printSummary(result.report.diagnostics,
                                              failure: "\(Self.clock()) 生成失败，浏览器中保留上次成功的预览")
            }
        }
    }

    private static func clock() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: Date())
    }
}

/// Answers requests from the preview folder through `PreviewRouter`; HTML gets the reload script.
struct PreviewHTTPHandler: HTTPHandler {
    let session: PreviewSession

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard PreviewRouter.isAllowedHost(request.headers[.host]) else {
            return HTTPResponse(statusCode: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: Data("预览只接受以 IP 地址或 localhost 访问\n".utf8))
        }
        guard request.method == .GET || request.method == .HEAD else {
            return HTTPResponse(statusCode: .methodNotAllowed, headers: [HTTPHeader("Allow"): "GET, HEAD"], body: Data())
        }
        switch session.router.route(request.target.path()) {
        case .events:
            return HTTPResponse(
                statusCode: .ok,
                headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
                body: HTTPBodySequence(from: EventStreamBytes(session.hub.subscribe()))
            )
        case .redirect(let location):
            return HTTPResponse(statusCode: .found, headers: [.location: location, .cacheControl: "no-store"], body: Data())
        case .rejected:
            return HTTPResponse(statusCode: .badRequest, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: Data("路径无效\n".utf8))
        case .file(let path, let contentType):
            if PreviewRouter.isHTML(contentType) {
                return html(path: path, status: .ok, request: request)
            }
            return try await FileHTTPHandler(path: URL(fileURLWithPath: path), contentType: contentType,
                                             cacheControl: [.noCache]).handleRequest(request)
        case .notFound(let page):
            return html(path: page, status: .notFound, request: request)
        }
    }

    /// A page with the reload script added; the site's 404 page, or a placeholder before any build
    /// succeeded, when `path` is nil or unreadable.
    private func html(path: String?, status: HTTPStatusCode, request: HTTPRequest) -> HTTPResponse {
        let original = path.flatMap { FileManager.default.contents(atPath: $0) }
            ?? Data((session.hasPreview ? "<!DOCTYPE html><title>404</title><body><p>页面不存在。</p></body>"
                                         : LiveReloadScript.placeholderPage).utf8)
        let body = LiveReloadScript.inject(LiveReloadScript.element(generation: session.hub.generation), into: original)
        var headers: HTTPHeaders = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        if request.method == .HEAD {
            headers[.contentLength] = String(body.count)
            return HTTPResponse(statusCode: status, headers: headers)
        }
        return HTTPResponse(statusCode: status, headers: headers, body: body)
    }
}

/// A server-sent-event stream as the byte sequence FlyingFox sends with chunked transfer encoding,
/// one chunk per event, flushed as it comes.
struct EventStreamBytes: AsyncBufferedSequence {
    typealias Element = UInt8
    let events: AsyncStream<String>

    init(_ events: AsyncStream<String>) { self.events = events }

    func makeAsyncIterator() -> Iterator { Iterator(events: events.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var events: AsyncStream<String>.Iterator
        var pending: [UInt8] = []

        mutating func next() async -> UInt8? {
            guard let buffer = await nextBuffer(suggested: 1) else { return nil }
            return buffer.first
        }

        mutating func nextBuffer(suggested count: Int) async -> [UInt8]? {
            if pending.isEmpty {
                guard let event = await events.next() else { return nil }
                pending = Array(event.utf8)
            }
            let size = Swift.max(1, Swift.min(count, pending.count))
            let buffer = Array(pending.prefix(size))
            pending.removeFirst(size)
            return buffer
        }
    }
}

/// A value shared between the watcher thread and the server's tasks.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// A line on standard output, written at once (stdout is block-buffered when it is a pipe, and a
/// server's lines must not wait for the buffer to fill).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
