/// Values a command uses until it ends, kept alive (never freed) so that the process exit
/// reclaims their memory at once instead of a release of every object just before it.
enum KeptUntilExit {
    static func keep<T>(_ value: T) {
        _ = Unmanaged.passRetained(Box(value))
    }

    private final class Box<T> {
        let value: T
        init(_ value: T) { self.value = value }
    }
}
