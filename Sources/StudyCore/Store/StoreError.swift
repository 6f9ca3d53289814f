#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A problem found in a profile file: which file, where in it, and what is wrong.
public struct StoreProblem: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file; self.line = line; self.column = column; self.message = message
    }

    /// `file:line:column: message` (the parts that are known).
    public var description: String {
        var where_ = file
        if let line { where_ += ":\(line)" }
        if let line, let column, line > 0 { where_ += ":\(column)" }
        return VisibleText.escaped(where_ + ": " + message)
    }
}

/// A way out of a damaged file that loses nothing the user had.
public enum Recovery: Sendable, Hashable, CustomStringConvertible {
    /// Put the last good copy (`NAME.bak`) back; the damaged file is kept beside it.
    case restoreBackup(file: String, backup: String)
    /// Rebuild a derived file (card snapshot, daily totals, index) from the review log and the
    /// attempt files; the damaged file is kept beside it.
    case rebuild(file: String)
    /// Put default settings in place of a damaged settings file, or an empty notes file in
    /// place of a damaged `notes.json` (the damaged file is kept beside it). Progress is not
    /// touched.
    case useDefaults(file: String)

    public var description: String {
        switch self {
        case .restoreBackup(let file, let backup):
            return "restore \(AtomicFile.split(file).name) from its last good copy \(AtomicFile.split(backup).name)"
        case .rebuild(let file):
            return "rebuild \(AtomicFile.split(file).name) from the review log"
        case .useDefaults(let file):
            if file.hasSuffix("/" + ItemNotes.fileName) {
                return "start \(AtomicFile.split(file).name) empty (the damaged file is kept beside it; your progress is kept)"
            }
            return "reset \(AtomicFile.split(file).name) to the default settings (your progress is kept)"
        }
    }

    /// The file the recovery replaces.
    public var file: String {
        switch self {
        case .restoreBackup(let file, _), .rebuild(let file), .useDefaults(let file): return file
        }
    }
}

/// Why the store could not do what was asked. Every case says which file and what to do.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case profileNotFound(name: String, dataDirectory: String)
    case profileExists(name: String)
    /// The name differs only in case from an existing profile's.
    case nameDiffersOnlyInCase(name: String, existing: String)
    case invalidProfileName(String)
    /// Another process has the profile open.
    case locked(profile: String, pid: Int32?)
    /// The store was opened read-only.
    case readOnly(profile: String)
    /// A file is damaged. Nothing was changed; `recovery` lists what can be done besides quitting.
    case corrupt(StoreProblem, recovery: [Recovery])
    /// A file written by a newer StatDeck. It is left exactly as it is.
    case newerSchema(file: String, found: Int, supported: Int)
    /// Something could not be saved. What was already on disk is intact; `pending` changes
    /// are kept in memory and the next save retries them.
    case notSaved(what: String, FileIOError, pending: Int)
    /// A file could not be read or a folder changed.
    case io(what: String, FileIOError)
    /// The caller handed the store a value it cannot write.
    case invalidRecord(String)
    /// No such mock-exam attempt.
    case attemptNotFound(id: String)
    /// A recovery that does not apply (no backup, backup damaged too).
    case recoveryUnavailable(String)

    public var description: String { VisibleText.escaped(text) }

    private var text: String {
        switch self {
        case .profileNotFound(let name, let dir):
            return "no profile named \(name) in \(dir)"
        case .profileExists(let name):
            return "a profile named \(name) already exists"
        case .nameDiffersOnlyInCase(let name, let existing):
            return "cannot use the name \(name): a profile named \(existing) already exists, and names that differ only in case are the same profile"
        case .invalidProfileName(let message):
            return message
        case .locked(let profile, let pid):
            return "profile \(profile) is open in another StatDeck" + (pid.map { " (pid \($0))" } ?? "")
        case .readOnly(let profile):
            return "profile \(profile) is open read-only; nothing can be saved"
        case .corrupt(let problem, let recovery):
            var text = "\(problem)\nThe file was left as it is."
            if !recovery.isEmpty {
                text += " You can " + recovery.map(\.description).joined(separator: ", or ") + ", or quit."
            }
            return text
        case .newerSchema(let file, let found, let supported):
            return "\(file) was written by a newer StatDeck (schemaVersion \(found); this one understands up to \(supported)). "
                + "It was left as it is: update StatDeck to open this profile."
        case .notSaved(let what, let error, let pending):
            let kept = pending == 0 ? "" : " \(pending) unsaved change\(pending == 1 ? " is" : "s are") kept in memory and will be saved at the next try."
            return "could not save \(what) to \(error.path): \(error.reason).\(kept)"
        case .io(let what, let error):
            return "could not \(what): \(error)"
        case .invalidRecord(let message):
            return message
        case .attemptNotFound(let id):
            return "no mock-exam attempt \(id)"
        case .recoveryUnavailable(let message):
            return message
        }
    }
}

/// Something the store did on its own that the user should hear about.
public struct StoreNotice: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The last log line was cut short by a crash and set aside.
        case truncatedLogLine
        /// A lock left by a process that is no longer running was taken over.
        case staleLockTakenOver
        /// The card snapshot or daily totals could not be rewritten (the log has everything).
        case snapshotNotSaved
        /// A missing card snapshot was rebuilt from the whole review log.
        case rebuiltFromLog
        /// Attempt files the index did not list were added back to it.
        case indexRebuilt
        /// An attempt file the index did not list could not be read.
        case attemptNotListed
        /// The daily totals were damaged or newer and were rebuilt from the log (or not used).
        case dailyTotalsRebuilt
        /// Reviews written to a recovery file at a failed quit were brought back into the log.
        case recoveryImported
        /// The profile folder cannot be written, so the profile was opened read-only.
        case openedReadOnly
    }
    public var kind: Kind
    public var message: String
    public var description: String { VisibleText.escaped(message) }
}

/// Makes every character of a message visible: control, format (bidirectional overrides,
/// zero-width joiners...), line and paragraph separators and spaces other than the plain one
/// are shown as `U+XXXX`, so a hostile file name or value cannot reorder or hide what a
/// message says. Newlines stay.
public enum VisibleText {
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if isHidden(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate: return true
        case .spaceSeparator: return scalar != " "
        default: return false
        }
    }
}
