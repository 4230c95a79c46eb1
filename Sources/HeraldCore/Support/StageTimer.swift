import Foundation

/// With `HERALD_TIMINGS=1` in the environment, each build stage prints its wall time to standard error:
/// the profile to look at before optimising.
enum StageTimer {
    static let enabled = ProcessInfo.processInfo.environment["HERALD_TIMINGS"] == "1"

    static func measure<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        let started = DispatchTime.now().uptimeNanoseconds
        defer {
            let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
            FileHandle.standardError.write(Data(String(format: "herald: %@ %.0f ms\n", stage, milliseconds).utf8))
        }
        return try body()
    }

    /// Time spent in one kind of step spread over a stage (writing files while rendering).
    /// Measured from any thread; the times are summed.
    final class Accumulator: @unchecked Sendable {
        let name: String
        private var nanoseconds: UInt64 = 0
        private let lock = NSLock()

        init(_ name: String) { self.name = name }

        func measure<T>(_ body: () throws -> T) rethrows -> T {
            guard StageTimer.enabled else { return try body() }
            let started = DispatchTime.now().uptimeNanoseconds
            defer {
                let elapsed = DispatchTime.now().uptimeNanoseconds - started
                lock.lock()
                nanoseconds += elapsed
                lock.unlock()
            }
            return try body()
        }

        func report() {
            guard StageTimer.enabled else { return }
            lock.lock()
            defer { lock.unlock() }
            FileHandle.standardError.write(Data(String(format: "herald: %@ %.0f ms\n", name, Double(nanoseconds) / 1_000_000).utf8))
        }
    }
}
