#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Runs work on a new thread of its own, at once. Used for the reads done ahead of the first
/// frame: Dispatch's global queues start their first worker thread a millisecond or more
/// late, which is a good part of the time those reads take; a plain thread starts in tens
/// of microseconds. Falls back to a global queue when no thread can be made.
public enum BackgroundThread {
    private final class Work {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    public static func run(_ body: @escaping @Sendable () -> Void) {
        let work = Unmanaged.passRetained(Work(body)).toOpaque()
        var thread = pthread_t()
        let made = pthread_create(&thread, nil, { raw in
            let work = Unmanaged<Work>.fromOpaque(raw!).takeRetainedValue()
            work.body()
            return nil
        }, work)
        if made == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<Work>.fromOpaque(work).release()
            DispatchQueue.global(qos: .userInitiated).async(execute: body)
        }
    }
}
