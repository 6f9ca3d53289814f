#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import StudyCore

@Suite("Study clock")
struct StudyClockTests {
    @Test("--now wins over STATDECK_NOW, which wins over the system clock")
    func resolveOrder() throws {
        let env = ["STATDECK_NOW": "2026-12-01T09:00:00Z"]
        let fromEnv = try StudyClock.resolve(override: nil, environment: env).now()
        #expect(abs(fromEnv.timeIntervalSince(ISO8601Timestamp.parse("2026-12-01T09:00:00Z")!)) < 5)
        let fromFlag = try StudyClock.resolve(override: "2027-01-02T03:04:05Z", environment: env).now()
        #expect(abs(fromFlag.timeIntervalSince(ISO8601Timestamp.parse("2027-01-02T03:04:05Z")!)) < 5)
        let system = try StudyClock.resolve(override: nil, environment: [:]).now()
        #expect(abs(system.timeIntervalSinceNow) < 5)
    }

    @Test("a value that is not ISO 8601 names where it came from")
    func badValue() {
        #expect(throws: StudyClockError.self) { try StudyClock.resolve(override: nil, environment: ["STATDECK_NOW": "tomorrow"]) }
        do {
            _ = try StudyClock.resolve(override: "noon", environment: [:])
        } catch {
            #expect(error.description == "--now must be an ISO 8601 time such as 2026-12-01T09:00:00Z, not 'noon'")
        }
    }

    @Test("a clock started at a time runs on from it")
    func runsOn() throws {
        let start = ISO8601Timestamp.parse("2026-12-01T09:00:00Z")!
        let clock = StudyClock.starting(at: start)
        let a = clock.now()
        #expect(a >= start && a.timeIntervalSince(start) < 5)
        #expect(clock.now() >= a)
    }
}
