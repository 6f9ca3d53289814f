import Testing
@testable import StudyCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("FSRS parameters and scheduler settings")
struct FSRSParametersTests {
    @Test("the defaults are py-fsrs 6.3.2's 21 weights, each within its bounds")
    func defaults() throws {
        #expect(FSRSParameters.defaults.values.count == 21)
        #expect(FSRSParameters.defaults[20] == 0.1542)
        #expect(try FSRSParameters(FSRSParameters.defaultValues) == .defaults)
        #expect(abs(FSRSModel().factor - 0.9803464944134797) < 1e-15)
    }

    @Test("weights pasted from Anki's deck options are read, with or without brackets")
    func parsing() throws {
        let anki = "0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542"
        #expect(try FSRSParameters(parsing: anki) == .defaults)
        #expect(try FSRSParameters(parsing: "[" + anki + "]\n") == .defaults)
        #expect(try FSRSParameters(parsing: FSRSParameters.defaults.description) == .defaults)
    }

    @Test("a wrong count names both counts, and an FSRS-5 set says so")
    func wrongCount() {
        #expect(throws: FSRSParameterError.wrongCount(20)) { try FSRSParameters(parsing: "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20") }
        let nineteen = FSRSParameterError.wrongCount(19).description
        #expect(nineteen == "expected 21 FSRS parameters (FSRS-6), got 19; 19 values are an FSRS-5 set; re-optimize with an FSRS-6 optimizer (an Anki version that shows 21 parameters)")
    }

    @Test("out-of-bound weights are all listed with index, role, value and bound")
    func outOfBounds() {
        var values = FSRSParameters.defaultValues
        values[7] = 0.9
        values[20] = 0.05
        do {
            _ = try FSRSParameters(values)
            Issue.record("accepted w7 = 0.9")
        } catch {
            #expect(error.description == """
                parameter w7 (difficulty mean-reversion weight) = 0.9 is above its upper bound 0.75; allowed [0.001, 0.75]
                parameter w20 (forgetting-curve decay) = 0.05 is below its lower bound 0.1; allowed [0.1, 0.8]
                """)
        }
        values = FSRSParameters.defaultValues
        values[3] = .nan
        #expect(throws: FSRSParameterError.self) { try FSRSParameters(values) }
    }

    @Test("a value that is not a number is named by position")
    func notANumber() {
        let text = "0.212, 1.2931, 2.3O65"
        #expect(throws: FSRSParameterError.notANumber(index: 2, text: "2.3O65")) { try FSRSParameters(parsing: text) }
        #expect(FSRSParameterError.notANumber(index: 2, text: "2.3O65").description == "parameter w2 (value 3 of 21) is not a number: '2.3O65'")
    }

    @Test("decoding applies the same checks")
    func decoding() throws {
        let good = try JSONDecoder().decode(FSRSParameters.self, from: try JSONEncoder().encode(FSRSParameters.defaults))
        #expect(good == .defaults)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(FSRSParameters.self, from: Data("[1, 2, 3]".utf8)) }
    }

    @Test("profile settings: retention 0.70-0.99, positive steps, maximum interval 1-36500")
    func configurationLimits() throws {
        #expect(throws: SchedulerConfigurationError.desiredRetention(0.5, allowed: 0.70...0.99)) {
            try FSRSScheduler(SchedulerConfiguration(desiredRetention: 0.5))
        }
        #expect(SchedulerConfigurationError.desiredRetention(0.995, allowed: 0.70...0.99).description
                == "desired retention 0.995 is outside [0.7, 0.99]")
        #expect(throws: SchedulerConfigurationError.step(kind: "learning", index: 1, seconds: 0)) {
            try FSRSScheduler(SchedulerConfiguration(learningSteps: [60, 0]))
        }
        #expect(throws: SchedulerConfigurationError.self) { try FSRSScheduler(SchedulerConfiguration(maximumInterval: 0)) }
        _ = try FSRSScheduler(SchedulerConfiguration(desiredRetention: 0.7))
        _ = try FSRSScheduler(SchedulerConfiguration(desiredRetention: 0.99, learningSteps: [], relearningSteps: []))
        // Reference vectors may use values a profile may not.
        _ = try FSRSScheduler(SchedulerConfiguration(desiredRetention: 0.5), limits: .reference)
    }

    @Test("steps are read as Anki writes them")
    func steps() throws {
        #expect(try SchedulerConfiguration.parseSteps("1m 10m") == [60, 600])
        #expect(try SchedulerConfiguration.parseSteps("30s, 1h,1d") == [30, 3600, 86_400])
        #expect(try SchedulerConfiguration.parseSteps("5 15") == [300, 900])
        #expect(try SchedulerConfiguration.parseSteps("") == [])
        #expect(throws: SchedulerConfigurationError.stepText("10x")) { try SchedulerConfiguration.parseSteps("1m 10x") }
        #expect(throws: SchedulerConfigurationError.stepText("-1m")) { try SchedulerConfiguration.parseSteps("-1m") }
    }

    @Test("a configuration survives a JSON round trip")
    func configurationCodable() throws {
        let c = SchedulerConfiguration(desiredRetention: 0.85, learningSteps: [120, 900], maximumInterval: 365, fuzzEnabled: false)
        #expect(try JSONDecoder().decode(SchedulerConfiguration.self, from: try JSONEncoder().encode(c)) == c)
    }
}
