import Dispatch

/// Runs independent pieces of work on every core and returns their results in order, so that
/// whatever a caller builds from them does not depend on which thread finished first.
enum Parallel {
    /// `(0..<count).map(body)`, with the calls spread over every core (one thread when there is
    /// one core, or one call). The indices are handed out in runs of `chunk` (a thread then
    /// writes results next to each other, not next to another thread's), in ascending order,
    /// so the longest pieces of work are best put first. `body` must not touch shared mutable
    /// state.
    static func map<T: Sendable>(_ count: Int, chunk: Int = 1, _ body: @Sendable (Int) -> T) -> [T] {
        let chunk = max(chunk, 1)
        guard count > chunk else { return (0..<count).map(body) }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let slots = Slots(base: buffer.baseAddress!)
            // Each call initializes its own slot; all are done when concurrentPerform returns.
            DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { run in
                for i in (run * chunk)..<min(run * chunk + chunk, count) {
                    (slots.base + i).initialize(to: body(i))
                }
            }
            initialized = count
        }
    }

    /// The result slots of `map`, handed to its worker threads.
    private struct Slots<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<T>
    }
}
