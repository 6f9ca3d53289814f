import ArgumentParser
import Glibc
import StudyCore
import TerminalBackend
import TerminalUI
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `statdeck exam cpt|ccma`: takes a timed mock exam full screen (resuming the one in
/// progress first), then shows the report; `statdeck exam --list` lists forms and attempts.
struct ExamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exam",
        abstract: "Take a timed mock exam (resumes the one in progress), or list forms and past attempts.",
        discussion: """
            Without --form the form is random, preferring items you have not met in a mock. \
            --items N (at least 6) makes a shorter mock with the blueprint's proportions: N \
            minutes and N/6 pretest items. In Exam conditions (the default) the countdown cannot \
            be paused and time away counts; --practice allows pausing (Space) and feedback (x). \
            The clock starts when you press Enter on the instructions screen. With attempts in \
            progress the start screen opens first: Resume at the top, the attempt asked for next.

            Examples:
              statdeck exam cpt
              statdeck exam ccma --form 2 --user alice
              statdeck exam cpt --items 30 --practice
              statdeck exam --list
            """
    )

    @Argument(help: ArgumentHelp("The exam: cpt or ccma.", valueName: "track"))
    var track: String?

    @Flag(name: .long, help: "List the fixed forms per exam and past attempts, then exit.")
    var list = false

    @Option(name: .long, help: ArgumentHelp("Take fixed form N (the same items on every machine); 'statdeck exam --list' shows how many exist.", valueName: "N"))
    var form: Int?

    @Flag(name: .long, help: "Practice mode: pause allowed, optional per-question feedback.")
    var practice = false

    @Flag(name: .long, help: "With --practice: show whether each answer is right as you go.")
    var feedback = false

    @Option(name: .long, help: ArgumentHelp("A shorter mock of N items (N minutes); N is 6 or more, at most the full form's count.", valueName: "N"))
    var items: Int?

    @OptionGroup var session: SessionOptions
    @OptionGroup var contentOptions: ContentOptions

    @Flag(name: .customLong("no-color"), help: "Draw without colour (also: NO_COLOR set to any value).")
    var noColor = false

    func validate() throws {
        if !list && track == nil { throw ValidationError("name the exam: statdeck exam cpt or statdeck exam ccma (or --list)") }
        if let form, form < 1 { throw ValidationError("--form must be 1 or more, not \(form)") }
        if let items, items < 6 { throw ValidationError("--items must be at least 6, not \(items)") }
        if feedback && !practice { throw ValidationError("--feedback needs --practice (Exam conditions give no feedback until submit)") }
    }

    func run() throws {
        let clock = try session.clock()
        let dir = try contentOptions.contentDirectory()
        if list {
            // Forms need ids, kinds and areas only: the content index, not the banks.
            let content = ContentSource(directory: dir, tracks: ContentLoader.loadTracks(from: dir).tracks,
                                        cacheDirectory: ContentCache.directory(environment: ProcessInfo.processInfo.environment))
            if content.errorCount == 0 { return try printList(content.outline) }
        }
        let loaded = ContentLoader.load(from: dir)
        if !loaded.errors.isEmpty {
            for d in loaded.errors.prefix(10) { Stderr.write("\(d)\n") }
            throw CLIError("the content has errors; run 'statdeck validate' for details")
        }
        let bank = loaded.bank
        if list { return try printList(bank) }

        // Every argument and the terminal are checked before anything is created.
        guard let chosen = bank.tracks.first(where: { $0.id.lowercased() == track!.lowercased() }) else {
            throw ValidationError("unknown exam \(track!); choose one of: \(bank.tracks.map(\.id).sorted().joined(separator: ", "))")
        }
        if let items, items > chosen.totalItems {
            throw ValidationError("--items must be at most \(chosen.totalItems) for \(chosen.shortName), not \(items)")
        }
        let plan = items.map { ExamPlan.short(chosen, items: $0) } ?? ExamPlan.full(chosen)
        let pools = ExamFormBuilder.pools(bank.questions, track: chosen)
        // What the bank lacks for the attempt asked for; attempts in progress may still be resumed.
        let shortage = ExamFormBuilder.shortage(plan, pools: pools)
        let asked = form != nil || items != nil
        if let shortage, asked { throw CLIError(shortage.description) }
        if let form {
            let forms = ExamFormBuilder.fixedFormCount(plan, pools: pools)
            if form > forms {
                let range = forms == 1 ? "only Form 1 exists" : "choose 1 to \(forms)"
                throw ValidationError("--form \(form) is not a fixed \(chosen.shortName) form"
                                      + (items.map { " of \($0) items" } ?? "") + "; \(range)")
            }
        }
        let data = session.dataOptions.dataDirectory()
        let named = try session.profileName()
        // With no profile there is nothing to resume: a form the bank cannot fill ends here,
        // before the default profile is created.
        if let shortage, named == nil { throw CLIError(shortage.description) }
        try InteractiveApp.checkTerminal()

        let profile = try named ?? {
            try storeCall { try ProfileLibrary(data: data).add("default") }
            return "default"
        }()
        let store = try storeCall { try ProgressStore.open(profile: profile, in: data, options: StoreOptions(now: clock.now)) }
        defer { try? store.close() }
        printStoreNotices(store)
        let host = ExamHost(store: store, bank: bank, clock: clock)
        host.startTrack = chosen
        let startData = try host.startData(track: chosen.id)
        let mode: ExamAttempt.Mode = practice ? .practice : .exam
        let request = ExamChoice(trackID: chosen.id, formNumber: form, items: items, mode: mode, feedback: feedback)
        var screens: [any Screen] = []
        if let shortage, startData.running.isEmpty { throw CLIError(shortage.description) }
        if !startData.running.isEmpty {
            // Attempts in progress: the start screen with Resume first (and the attempt asked
            // for on the command line offered right after, behind a confirm).
            screens.append(ExamStartScreen(track: chosen, questions: bank.questions, data: startData, now: clock.now(),
                                           mode: mode, feedback: feedback, requested: asked ? request : nil))
        } else {
            // Nothing in progress: the instructions of the attempt asked for, over the start
            // screen (Esc goes there); the attempt is created when Enter starts the clock.
            let start = ExamStartScreen(track: chosen, questions: bank.questions, data: startData, now: clock.now(),
                                        mode: mode, feedback: feedback, requested: asked ? request : nil)
            screens = [start, ExamInstructionsScreen(track: chosen, questions: start.questions, choice: request)]
        }
        try ExamHostRunner.run(screens: screens, host: host, noColor: noColor)
        try storeCall { try store.close() }
    }

    private func printList(_ bank: ContentBank) throws {
        var out = ""
        for t in bank.tracks.sorted(by: { $0.id < $1.id }) {
            let plan = ExamPlan.full(t)
            let pools = ExamFormBuilder.pools(bank.questions, track: t)
            if let short = ExamFormBuilder.shortage(plan, pools: pools) {
                out += "\(t.shortName): no full form: \(short.description)\n"
            } else {
                let n = ExamFormBuilder.fixedFormCount(plan, pools: pools)
                out += "\(t.shortName): Form 1" + (n > 1 ? "..Form \(n)" : "") + " (\(plan.totalItems) items, \(plan.minutes) min), or a random form\n"
            }
        }
        let data = session.dataOptions.dataDirectory()
        if let profile = try session.profileName() {
            let store = try storeCall { try ProgressStore.open(profile: profile, in: data, access: .readOnly) }
            let attempts = try storeCall { try store.attempts() }
            printStoreNotices(store)
            out += "\nAttempts (\(profile)):\n"
            if attempts.isEmpty { out += "  none yet\n" }
            for a in attempts {
                let date = String(Timestamp.string(a.startedAt).prefix(16).map { $0 == "T" ? " " : $0 })
                let result: String
                if a.isAbandoned {
                    result = "abandoned, \(a.answered) of \(a.itemCount) answered, not scored"
                } else if a.submittedAt == nil {
                    result = "in progress, \(a.answered) of \(a.itemCount) answered"
                } else if let s = a.score {
                    result = "\(s.scaledEstimate) \(s.passed ? "pass" : "below pass") · raw \(s.scoredCorrect)/\(s.scoredTotal)"
                        + (a.elapsed.map { " · " + ExamClockText.minutesSeconds($0) + " used" } ?? "")
                        + (a.autoSubmitted == true ? " · time ran out" : "")
                } else {
                    result = "submitted"
                }
                out += "  \(date)  \(a.track.uppercased())  \(a.form)  \(a.mode)  \(result)\n"
            }
        }
        FileHandleOutput.standardOutput(out)
    }
}

/// Runs a screen stack for exams in the terminal with the exam host performing effects.
enum ExamHostRunner {
    static func run(screens: [any Screen], host: ExamHost, noColor: Bool) throws {
        let env = ProcessEnvironment.current
        try InteractiveApp.checkTerminal()
        var app = App(root: screens[0], size: App.minimumSize)
        _ = app.apply(screens.dropFirst().map { .push($0) })
        let options = TerminalLoop.Options(noColor: noColor, environment: env,
                                           exitAfterFirstFrame: env[InteractiveApp.Switch.exitAfterFirstFrame] != nil)
        let outcome: TerminalLoop.Outcome
        do {
            outcome = try MainActor.assumeIsolated {
                try TerminalLoop.run(app, options: options, perform: { host.perform($0) })
            }
        } catch let error as TerminalStartError {
            Stderr.write("statdeck: \(error)\n")
            throw ExitCode(error.exitStatus)
        }
        if case .signal(let sig) = outcome {
            try? host.store.close()
            Signals.reraise(sig)
        }
    }
}
