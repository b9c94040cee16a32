/// Runs a target over a deterministic stream of inputs. Input `i` of seed `s` depends only on
/// `(s, i)`, so a failure found after millions of inputs is rebuilt with `input(_:seed:index:)`.
public enum FuzzRunner {
    /// What a run did.
    public struct Stats: Sendable {
        public var executed = 0
        public var accepted = 0
        public var rejected = 0
        public var failures: [Failure] = []
        public init() {}
    }

    /// An input that broke an invariant (a trap ends the process instead: rerun the index).
    public struct Failure: Sendable, CustomStringConvertible {
        public let target: String
        public let seed: UInt64
        public let index: Int
        public let input: [UInt8]
        public let message: String

        public var description: String {
            "\(target) seed \(seed) input #\(index): \(message)\n  input: \(FuzzRunner.render(input))"
        }
    }

    /// Input `index` of the run of `target` seeded with `seed`.
    public static func input(_ target: FuzzTarget, seed: UInt64, index: Int) -> [UInt8] {
        var rng = FuzzRandom(seed: seed, index: index)
        // Seeds first, as they are; then a mix of generated, mutated and random inputs.
        if index < target.seeds.count { return target.seeds[index] }
        let roll = rng.below(100)
        var bytes: [UInt8]
        if let generate = target.generator, roll < 40 {
            bytes = generate(&rng)
            if rng.oneIn(3) {
                target.mutator.mutate(&bytes, count: 1 + rng.below(3), others: target.seeds, &rng)
            }
        } else if roll < 97 || target.seeds.isEmpty {
            bytes = target.seeds.isEmpty ? [] : rng.pick(target.seeds)
            target.mutator.mutate(&bytes, count: 1 + rng.below(8), others: target.seeds, &rng)
        } else {
            bytes = rng.bytes(rng.below(64))
        }
        if bytes.count > target.mutator.maxLength { bytes.removeSubrange(target.mutator.maxLength...) }
        return bytes
    }

    /// Runs inputs `start..<start+count`, or until `deadline` (checked every 256 inputs).
    public static func run(
        _ target: FuzzTarget, seed: UInt64, start: Int = 0, count: Int,
        deadline: ContinuousClock.Instant? = nil, maxFailures: Int = 10,
        progress: ((Stats) -> Void)? = nil
    ) async -> Stats {
        var stats = Stats()
        var index = start
        while stats.executed < count {
            if stats.executed % 256 == 0 {
                if let deadline, ContinuousClock.now >= deadline { break }
                if stats.executed % (1 << 16) == 0, stats.executed > 0 { progress?(stats) }
            }
            let bytes = input(target, seed: seed, index: index)
            do {
                switch try await execute(target.body, bytes) {
                case .accepted: stats.accepted += 1
                case .rejected: stats.rejected += 1
                }
            } catch {
                stats.failures.append(
                    Failure(target: target.name, seed: seed, index: index, input: bytes, message: error.message))
                if stats.failures.count >= maxFailures { stats.executed += 1; break }
            }
            stats.executed += 1
            index += 1
        }
        return stats
    }

    /// Runs one input through a body.
    public static func execute(_ body: FuzzTarget.Body, _ bytes: [UInt8]) async throws(FuzzViolation) -> FuzzTarget.Outcome {
        switch body {
        case .sync(let check): try check(bytes)
        case .async(let check): try await check(bytes)
        }
    }

    /// Bytes as a Swift string literal when they are UTF-8, else as hex.
    public static func render(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text.debugDescription }
        return "hex:" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
