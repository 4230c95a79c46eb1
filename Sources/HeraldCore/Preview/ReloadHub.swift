import Foundation

/// The browsers watching the preview, and what they are told: `reload` after a successful rebuild,
/// `errors` (the diagnostics as JSON) after a failed one. Independent of the HTTP library: each client
/// is an `AsyncStream` of ready-to-send server-sent-event text.
public final class ReloadHub: @unchecked Sendable {
    private let lock = NSLock()
    private var clients: [Int: AsyncStream<String>.Continuation] = [:]
    private var nextClient = 0
    private var currentGeneration = 0
    private var failure: [Diagnostic]?

    public init() {}

    /// Counts successful builds; a page embeds the generation it was served at.
    public var generation: Int { lock.withLock { currentGeneration } }

    public var clientCount: Int { lock.withLock { clients.count } }

    /// A new client's stream. It starts with `hello` (the current generation, so a page served just
    /// before a rebuild reloads) and, while the last build failed, that build's `errors`.
    public func subscribe() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let id: Int = lock.withLock {
            let id = nextClient
            nextClient += 1
            clients[id] = continuation
            continuation.yield(ServerSentEvent.retry(milliseconds: 500))
            continuation.yield(ServerSentEvent.format(event: "hello", data: String(currentGeneration)))
            if let failure {
                continuation.yield(ServerSentEvent.format(event: "errors", data: Self.json(failure)))
            }
            return id
        }
        continuation.onTermination = { [weak self] _ in
            self?.remove(id)
        }
        return stream
    }

    /// A build succeeded and the preview folder holds its output: every page reloads.
    public func buildSucceeded() {
        let event: String = lock.withLock {
            currentGeneration += 1
            failure = nil
            return ServerSentEvent.format(event: "reload", data: String(currentGeneration))
        }
        broadcast(event)
    }

    /// A build failed; the preview folder still holds the last successful build.
    public func buildFailed(_ diagnostics: [Diagnostic]) {
        lock.withLock { failure = diagnostics }
        broadcast(ServerSentEvent.format(event: "errors", data: Self.json(diagnostics)))
    }

    /// A comment line, so connections of browsers that went away are noticed and closed.
    public func heartbeat() {
        broadcast(": keep-alive\n\n")
    }

    /// Ends every stream (server shutdown).
    public func finishAll() {
        let all = lock.withLock { () -> [AsyncStream<String>.Continuation] in
            let all = Array(clients.values)
            clients.removeAll()
            return all
        }
        all.forEach { $0.finish() }
    }

    private func broadcast(_ text: String) {
        let targets = lock.withLock { Array(clients) }
        for (id, continuation) in targets {
            if case .terminated = continuation.yield(text) { remove(id) }
        }
    }

    private func remove(_ id: Int) {
        _ = lock.withLock { clients.removeValue(forKey: id) }
    }

    /// The diagnostics as one line of JSON (a server-sent event's data), in the shape of
    /// `herald check --format json`.
    public static func json(_ diagnostics: [Diagnostic]) -> String {
        DiagnosticPrinter.json(for: diagnostics, pretty: false)
    }
}

/// The text/event-stream wire format.
public enum ServerSentEvent {
    /// `event: NAME` and one `data:` line per line of `data`, ended by a blank line.
    public static func format(event: String, data: String) -> String {
        var text = "event: \(event)\n"
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
            text += "data: \(line.trimmingCharacters(in: CharacterSet(charactersIn: "\r")))\n"
        }
        return text + "\n"
    }

    /// How soon a browser reconnects after losing the stream (a restarted server).
    public static func retry(milliseconds: Int) -> String {
        "retry: \(milliseconds)\n\n"
    }
}
