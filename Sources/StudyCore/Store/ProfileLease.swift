/// A profile's lock, taken before the profile is opened: the app takes it before it draws a
/// first frame from the saved home summary (`HomeSummaryCache`), so the screen never shows a
/// profile another StatDeck has, then hands it to `ProgressStore.open(…, lease:)`, which
/// keeps it. Released when dropped unused.
public final class ProfileLease: @unchecked Sendable {
    public let profile: String
    let directory: String
    private var lock: ProfileLock?
    private let notice: StoreNotice?

    init(profile: String, directory: String, lock: ProfileLock, notice: StoreNotice?) {
        self.profile = profile; self.directory = directory; self.lock = lock; self.notice = notice
    }

    deinit { lock?.release() }

    /// Whether the lock was left by a StatDeck that stopped without letting go of it (the
    /// store says so when it opens, see `StoreNotice.Kind.staleLockTakenOver`).
    public var tookOverStaleLock: Bool { notice != nil }

    /// Lets go of the lock without opening the profile.
    public func release() {
        lock?.release()
        lock = nil
    }

    /// The lock and what taking it found, for the store that opens this profile; nil when
    /// it is another profile's or already taken or released.
    func take(profile: String, directory: String) -> (ProfileLock, StoreNotice?)? {
        guard profile == self.profile, directory == self.directory, let held = lock else { return nil }
        lock = nil
        return (held, notice)
    }
}

extension ProgressStore {
    /// Locks a profile without opening it (see `ProfileLease`): throws `.locked` when another
    /// StatDeck has it, `.profileNotFound` when there is no such profile, `.io` when the lock
    /// cannot be taken (a read-only folder: open it read-only instead).
    public static func lease(profile: String, in data: DataDirectory, options: StoreOptions = StoreOptions()) throws(StoreError) -> ProfileLease {
        let files = try existingProfile(profile, in: data, io: options.io)
        let (lock, notice) = try ProfileLock.acquire(directory: files.directory, profile: profile, io: options.io, pid: options.pid)
        return ProfileLease(profile: profile, directory: files.directory, lock: lock, notice: notice)
    }
}
