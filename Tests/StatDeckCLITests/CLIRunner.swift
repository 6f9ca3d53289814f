import Foundation

/// Runs the built `statdeck` binary as a user would and captures what it prints.
enum CLIRunner {
    /// The package root.
    static let root = StatDeckBinary.packageRoot.path

    /// `.build/debug/statdeck`, built by `scripts/test.sh` (or `swift build`) before the tests.
    static let binary = StatDeckBinary.path

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
                    stdin: String? = nil) throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw RunnerError("\(binary) is missing: run `swift build` (scripts/test.sh does) before the tests")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes fully before waiting so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    struct RunnerError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }
}
