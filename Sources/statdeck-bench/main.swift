import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Every benchmark, by area. Each area lives in its own file and adds one line here.
let allBenchmarks: [Benchmark] = [
    ContentBenchmarks.all,
    FSRSBenchmarks.all,
    UIBenchmarks.all,
    StoreBenchmarks.all,
    ProgressBenchmarks.all,
].flatMap { $0 }

/// `statdeck-bench [NAME...] [--json FILE]`: runs benchmarks and prints median and p95.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statdeck-bench",
        abstract: "Measure StatDeck's speed. Run in release: swift run -c release statdeck-bench",
        discussion: "Benchmarks: " + allBenchmarks.map(\.name).joined(separator: ", ")
    )

    @Argument(help: "Benchmarks to run (a name or a prefix); all when none are given.")
    var names: [String] = []

    @Option(name: .long, help: "Also write the results as JSON to this file.")
    var json: String?

    @Flag(name: .long, help: "Smaller workloads, for a smoke test.")
    var quick = false

    @Flag(name: .long, help: "List the benchmarks and exit.")
    var list = false

    func run() throws {
        if list {
            for b in allBenchmarks { print("\(b.name.padding(30))\(b.summary)") }
            return
        }
        let chosen = names.isEmpty ? allBenchmarks : allBenchmarks.filter { b in names.contains { b.name == $0 || b.name.hasPrefix($0) } }
        if chosen.isEmpty {
            throw ValidationError("no benchmark matches \(names.joined(separator: " ")); try --list")
        }
        var results: [[String: JSONScalar]] = []
        print("benchmark".padding(34) + "metric".padding(30) + "median".padding(12) + "p95".padding(12) + "n")
        for b in chosen {
            var ctx = BenchContext()
            ctx.quick = quick
            try b.run(&ctx)
            for (metric, values) in ctx.samples.sorted(by: { $0.key < $1.key }) {
                let s = Stats(values)
                print(b.name.padding(34) + metric.padding(30) + formatDuration(s.median).padding(12) + formatDuration(s.p95).padding(12) + "\(s.count)")
                results.append(["benchmark": .string(b.name), "metric": .string(metric), "median_s": .number(s.median),
                                "p95_s": .number(s.p95), "p99_s": .number(s.p99), "n": .number(Double(s.count))])
            }
            for f in ctx.figures {
                print(b.name.padding(34) + f.name.padding(30) + "\(format3(f.value)) \(f.unit)")
                results.append(["benchmark": .string(b.name), "metric": .string(f.name), "value": .number(f.value), "unit": .string(f.unit)])
            }
            for n in ctx.notes { print("  \(b.name): \(n)") }
        }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try encoder.encode(results)
            try data.write(to: URL(fileURLWithPath: json))
        }
    }
}

/// A JSON leaf for the results file.
enum JSONScalar: Encodable {
    case string(String)
    case number(Double)
    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .number(let n): try c.encode(n)
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}

BenchCommand.main()
