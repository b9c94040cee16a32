import ArcaFuzzTargets
import ArcaFuzzing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The long-run fuzz driver (see docs/fuzzing.md and scripts/fuzz):
//   arca-fuzz list
//   arca-fuzz run <target> [--seconds N] [--inputs N] [--seed S] [--start I]
//   arca-fuzz show <target> --seed S --index I      (prints input I and runs it alone)
// `run` prints one summary line: target, inputs executed, accepted, rejected, failures, seconds.
// A broken invariant prints the input and exits 1; a trap kills the process (the last progress
// line says how far it got: rerun from there with --start, or `show` the index).

func fail(_ message: String) -> Never {
    print("arca-fuzz: \(message)")
    exit(2)
}

var args = Array(CommandLine.arguments.dropFirst())
guard let command = args.first else { fail("usage: arca-fuzz list | run <target> [...] | show <target> --seed S --index I") }
args.removeFirst()

if command == "list" {
    for target in FuzzTargets.all { print(target.name) }
    exit(0)
}
guard let name = args.first, let target = FuzzTargets.named(name) else {
    fail("unknown target; one of: \(FuzzTargets.all.map(\.name).joined(separator: ", "))")
}
args.removeFirst()
var options: [String: String] = [:]
while args.count >= 2, args[0].hasPrefix("--") {
    options[String(args[0].dropFirst(2))] = args[1]
    args.removeFirst(2)
}
guard args.isEmpty else { fail("unexpected arguments \(args)") }
let seed = UInt64(options["seed"] ?? "1") ?? 1

switch command {
case "show":
    guard let index = Int(options["index"] ?? "") else { fail("show needs --index") }
    let input = FuzzRunner.input(target, seed: seed, index: index)
    print("input: \(FuzzRunner.render(input))")
    do {
        let outcome = try await FuzzRunner.execute(target.body, input)
        print("outcome: \(outcome)")
    } catch {
        print("VIOLATION: \(error.message)")
        exit(1)
    }
case "run":
    let seconds = Double(options["seconds"] ?? "10") ?? 10
    let inputs = Int(options["inputs"] ?? "") ?? Int.max
    let start = Int(options["start"] ?? "0") ?? 0
    let clock = ContinuousClock()
    let began = clock.now
    let stats = await FuzzRunner.run(
        target, seed: seed, start: start, count: inputs, deadline: began + .milliseconds(Int(seconds * 1000)), maxFailures: 5,
        progress: { s in
            print("  \(target.name): \(s.executed) inputs (from index \(start))")
            fflush(nil)
        })
    let elapsed = began.duration(to: clock.now)
    let secs = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(
        "\(target.name) executed=\(stats.executed) accepted=\(stats.accepted) rejected=\(stats.rejected) failures=\(stats.failures.count) seconds=\(Int(secs)) seed=\(seed) start=\(start)"
    )
    for failure in stats.failures { print("FAILURE \(failure)") }
    exit(stats.failures.isEmpty ? 0 : 1)
default:
    fail("unknown command \(command)")
}
