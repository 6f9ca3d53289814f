import Foundation
import Testing
@testable import StudyCore
#if canImport(Glibc)
import Glibc
#endif

/// The crash test: `statdeck _crash-writer` records reviews in a loop and is killed with
/// SIGKILL at seeded random moments. After every kill the profile must open without error and
/// every review the writer reported as saved must be in the log exactly once.
@Suite("Progress store crash safety", .serialized)
struct StoreCrashTests {
    static let kills = 200

    @Test("SIGKILL at random moments never loses or duplicates a saved review")
    func killLoop() throws {
        let binary = try #require(statdeckBinary(), "build the statdeck executable first (swift build)")
        let dir = TemporaryDirectory("crash"), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        var rng = SplitMix64(seed: 0x5EED_2026)
        var verified: [UInt8] = []      // the log up to the last line checked
        var verifiedLines = 0
        var seen: [Int: Int] = [:]      // token -> times found in the log
        var reported = 0
        var truncations = 0

        for run in 1...Self.kills {
            let writer = Process()
            writer.executableURL = URL(fileURLWithPath: binary)
            writer.arguments = ["_crash-writer", "--data-dir", data.path, "--profile", "alice", "--run", "\(run)", "--snapshot-every", "7"]
            let out = Pipe(), err = Pipe()
            writer.standardOutput = out
            writer.standardError = err
            try writer.run()
            // Odd runs are killed anywhere from start-up (opening, repairing) on; even runs
            // only once the writer has reported its first save, so however slowly a loaded
            // machine starts processes, half the kills land in the middle of writing.
            var early = Data()
            if run % 2 == 0 { early = out.fileHandleForReading.availableData }
            usleep(UInt32(rng.stableIndex(below: 120_000)))
            kill(writer.processIdentifier, SIGKILL)
            writer.waitUntilExit()
            let printed = String(decoding: early + out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            guard writer.terminationReason == .uncaughtSignal else {
                Issue.record("run \(run): the writer stopped on its own (status \(writer.terminationStatus)): \(errors)")
                return
            }
            // Only whole lines count: a token cut mid-print may or may not have been saved.
            let tokens = printed.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { Int($0)! }
            reported += tokens.count

            let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock, snapshotEvery: 25))
            truncations += store.notices.filter { $0.kind == .truncatedLogLine }.count
            #expect(store.notices.allSatisfy { $0.kind == .truncatedLogLine || $0.kind == .staleLockTakenOver }, "\(store.notices)")
            for summary in try store.attempts() { _ = try store.attempt(id: summary.id) }

            // The log only grows: what was checked before is still there, byte for byte.
            let log = bytes(files.log)!
            #expect(log.count >= verified.count && log.withUnsafeBytes { a in verified.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, b.count) == 0 } })
            let end = (log.lastIndex(of: 0x0A) ?? -1) + 1
            for line in log[verified.count..<end].split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
                verifiedLines += 1
                if verifiedLines == 1 { continue }  // the header
                let entry = try LogLineCodec.decode(Array(line))
                if case .review(let r, _) = entry.event { seen[r.durationMs, default: 0] += 1 }
            }
            verified = Array(log[..<end])
            for token in tokens where seen[token] != 1 {
                Issue.record("run \(run): review \(token) was reported saved but is in the log \(seen[token] ?? 0) times")
            }
            #expect(seen.values.allSatisfy { $0 == 1 }, "no review is in the log twice")
            if run % 50 == 0 {
                let report = try ProfileCheck.run(profile: "alice", in: data)
                #expect(report.problems == [], "run \(run)")
            }
            try store.close()
        }
        #expect(reported > Self.kills, "the writer saved reviews between kills")
        let report = try ProfileCheck.run(profile: "alice", in: data)
        #expect(report.isClean, "\(report.problems)")
        print("crash test: \(Self.kills) kills, \(reported) reviews reported saved, \(seen.count) in the log, \(truncations) cut-short lines set aside")
    }
}

/// The `statdeck` executable built beside this test bundle.
func statdeckBinary() -> String? {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    let candidate = URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("statdeck").path
    return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
}
