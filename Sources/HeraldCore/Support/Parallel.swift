import Dispatch
import Foundation

/// Work spread over every core, with results kept in input order so the output stays byte-identical
/// to a sequential run.
enum Parallel {
    static func map<Item: Sendable, Result: Sendable>(_ items: [Item], _ transform: @Sendable (Item) -> Result) -> [Result] {
        guard items.count > 1 else { return items.map(transform) }
        let slots = Slots<Result>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            slots.store(transform(items[index]), at: index)
        }
        return slots.values
    }

    /// Runs `body` for every item on every core; rethrows the first error (by input order).
    static func forEach<Item: Sendable>(_ items: [Item], _ body: @Sendable (Item) throws -> Void) throws {
        let outcomes = map(items) { item -> String? in
            do { try body(item); return nil } catch { return String(describing: error) }
        }
        if let failure = outcomes.compactMap({ $0 }).first { throw ParallelFailure(description: failure) }
    }

    /// Maps on every core where each item may report problems: results and problems come back in
    /// input order, as a sequential loop would have produced them.
    static func map<Item: Sendable, Result: Sendable>(
        _ items: [Item], reporting diagnostics: inout Diagnostics,
        _ transform: @Sendable (Item, inout Diagnostics) -> Result
    ) -> [Result] {
        let outcomes = map(items) { item -> (Result, Diagnostics) in
            var local = Diagnostics()
            let result = transform(item, &local)
            return (result, local)
        }
        for (_, local) in outcomes { diagnostics.append(contentsOf: local) }
        return outcomes.map(\.0)
    }

    /// Work started on another thread now; `value` waits for it. For one long task that runs beside the
    /// work on every core (the gallery page beside the singer pages, the staging folder beside checking).
    final class Background<Value: Sendable>: @unchecked Sendable {
        private let group = DispatchGroup()
        private var result: Value?

        init(_ work: @escaping @Sendable () -> Value) {
            DispatchQueue.global().async(group: group) { self.result = work() }
        }

        /// The result, once the work is done (the group's wait orders the read after the write).
        var value: Value {
            group.wait()
            return result!
        }
    }

    struct ParallelFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Results written from several threads, each to its own slot.
    private final class Slots<Value>: @unchecked Sendable {
        private var slots: [Value?]
        private let lock = NSLock()

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func store(_ value: Value, at index: Int) {
            lock.lock()
            slots[index] = value
            lock.unlock()
        }

        var values: [Value] {
            lock.lock()
            defer { lock.unlock() }
            return slots.compactMap { $0 }
        }
    }
}
