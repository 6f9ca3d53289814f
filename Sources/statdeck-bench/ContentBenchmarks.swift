import StudyCore

/// Loading and validating the shipped content.
enum ContentBenchmarks {
    static let all: [Benchmark] = [
        Benchmark(name: "content.load", summary: "parse every file in Data/ into a ContentBank") { ctx in
            guard case .found(let dir) = ContentLocator().locate() else {
                ctx.note("no Data/ found; skipped")
                return
            }
            for _ in 0..<(ctx.quick ? 3 : 20) {
                let result = ctx.sample("load") { ContentLoader.load(from: dir) }
                precondition(result.bank.tracks.count >= 2)
            }
            for _ in 0..<(ctx.quick ? 2 : 5) {
                _ = ctx.sample("validate") { ContentValidator.validate(directory: dir) }
            }
        },
    ]
}
