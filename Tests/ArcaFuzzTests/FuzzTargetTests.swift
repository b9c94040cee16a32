import ArcaFuzzTargets
import ArcaFuzzing
import Testing

/// The CI-sized run of every fuzz target: a few thousand inputs each from fixed seeds (the seeds,
/// then generated, mutated and random inputs), within a few seconds. `scripts/fuzz` runs the
/// same targets for minutes; docs/fuzzing.md has the figures.
@Suite(.timeLimit(.minutes(2))) struct FuzzTargetTests {
    static let inputs = 3000
    static let seconds = 6

    @Test("no trap, no broken invariant", arguments: FuzzTargets.all.map(\.name))
    func target(_ name: String) async throws {
        let target = try #require(FuzzTargets.named(name))
        let stats = await FuzzRunner.run(
            target, seed: 0x36, count: Self.inputs, deadline: .now + .seconds(Self.seconds), maxFailures: 3)
        for failure in stats.failures { Issue.record("\(failure)") }
        #expect(stats.executed >= min(Self.inputs, 300), "only \(stats.executed) inputs ran")
        // Some inputs must get through, or the target tests only its error paths.
        #expect(stats.accepted > 0, "no input was accepted")
    }

    @Test("inputs depend only on the seed and the index")
    func deterministic() {
        for target in FuzzTargets.all {
            for index in [0, 17, 5000, 1 << 40] {
                #expect(FuzzRunner.input(target, seed: 9, index: index) == FuzzRunner.input(target, seed: 9, index: index))
            }
            #expect(FuzzRunner.input(target, seed: 9, index: 100) != FuzzRunner.input(target, seed: 10, index: 100) || target.seeds.isEmpty)
        }
    }
}
