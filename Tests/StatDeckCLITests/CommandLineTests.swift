import Foundation
import Testing

@Suite("Command line")
struct CommandLineTests {
    @Test("--help lists the subcommands")
    func help() throws {
        let r = try CLIRunner.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("SUBCOMMANDS:"))
        #expect(r.stdout.contains("validate"))
    }

    @Test("an unknown flag or subcommand is a usage error (exit 64) with a clear message", arguments: [
        ["--bogus"], ["frobnicate"], ["validate", "--bogus"],
    ])
    func usageErrors(arguments: [String]) throws {
        let r = try CLIRunner.run(arguments)
        #expect(r.status == 64, "\(r)")
        #expect(r.stderr.contains("Error:"))
        #expect(r.stderr.contains(arguments.last!))
        #expect(!r.stderr.contains("Fatal error"))
    }

    @Test("validate on the shipped content exits 0 with a summary per track and domain")
    func validateData() throws {
        let r = try CLIRunner.run(["validate", "--quiet", "Data"], directory: CLIRunner.root)
        #expect(r.status == 0, "\(r.stdout)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let summary = lines.first { $0.hasPrefix("content OK: ") } ?? ""
        #expect(summary.contains("cpt: ") && summary.contains("safety-compliance "))
        #expect(summary.contains("ccma: ") && summary.contains("law-ethics "))
        // After the summary, one line per track on key positions and key-length cues.
        let tail = lines.drop { !$0.hasPrefix("content OK: ") }.dropFirst()
        #expect(tail.contains { $0.hasPrefix("ccma: ") && $0.contains("keys A ") && $0.contains("key strictly longest in ") })
        #expect(tail.contains { $0.hasPrefix("cpt: ") && $0.contains("key >20% longer than every distractor in ") })
        // Single items per leaf area, with the CCMA minimums of the bank issues.
        let areas = try #require(tail.first { $0.hasPrefix("ccma: single items per area: ") })
        let minimums = ["intake-vitals": 100, "general-patient-care": 200, "infection-control": 105,
                        "point-of-care-testing": 65, "ekg": 45, "foundational-knowledge": 105,
                        "anatomy-physiology": 60, "care-coordination": 85, "administrative": 85,
                        "communication": 85, "law-ethics": 50]
        for (area, least) in minimums {
            let count = areas.components(separatedBy: " \(area) ").dropFirst().first.flatMap { Int($0.prefix { $0.isNumber }) } ?? 0
            #expect(count >= least, "\(area): \(count) single items, needs \(least)")
        }
        // The flashcards of each track: how many are its own, and every deck with its count.
        let ccmaDecks = try #require(tail.first { $0.hasPrefix("ccma: ") && $0.contains(" of its own; decks: ") })
        let own = Int(ccmaDecks.split(separator: ",")[1].split(separator: " ")[0]) ?? 0
        #expect(own >= 600, "\(ccmaDecks)")
        #expect(ccmaDecks.contains("terminology ") && ccmaDecks.contains("order-of-draw "))
    }

    @Test("an empty --content is a usage error naming the option")
    func emptyContent() throws {
        let r = try CLIRunner.run(["validate", "--content", ""], directory: CLIRunner.root)
        #expect(r.status == 64, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("--content needs a content directory"))
    }

    @Test("validate finds Data/ from any working directory")
    func validateFromElsewhere() throws {
        let r = try CLIRunner.run(["validate", "--quiet"], environment: ["STATDECK_CONTENT": ""], directory: "/")
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }

    @Test("validate on a defective tree lists each problem as file:line: id: message and exits 1")
    func validateDefects() throws {
        let r = try CLIRunner.run(["validate", "Tests/StudyCoreTests/Fixtures/invalid-content"], directory: CLIRunner.root)
        #expect(r.status == 1)
        #expect(r.stdout.contains("Tests/StudyCoreTests/Fixtures/invalid-content/questions/cpt/defects.json:27: cpt-sc-0003: answer 5 is out of range 0-3"))
        #expect(r.stdout.contains("16 errors"))
    }

    @Test("validate --json prints the same report as JSON")
    func validateJSON() throws {
        let r = try CLIRunner.run(["validate", "--json", "Tests/StudyCoreTests/Fixtures/invalid-content"], directory: CLIRunner.root)
        #expect(r.status == 1)
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(doc?["ok"] as? Bool == false)
        let errors = doc?["errors"] as? [[String: Any]] ?? []
        #expect(errors.count == 16)
        #expect(errors.contains { $0["item"] as? String == "cpt-sc-0003" && $0["line"] as? Int == 27 })
    }

    @Test("a content directory that does not exist is named in the error")
    func missingContent() throws {
        let r = try CLIRunner.run(["validate"], environment: ["STATDECK_CONTENT": "/nonexistent/data"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("/nonexistent/data"))
    }
}
