/// One thing to fuzz: a body that takes bytes, must never trap, and checks its invariants.
///
/// Each input is either built by the target's structure-aware generator, taken from its seeds
/// and mutated, or pure random bytes, in proportions fixed by `FuzzRunner`.
public struct FuzzTarget: Sendable {
    /// What the body made of one input.
    public enum Outcome: Sendable {
        /// The input was well-formed and went all the way through (a parse succeeded, …).
        case accepted
        /// The input was refused with an error, as malformed input should be.
        case rejected
    }

    /// A body that checks one input; the async form is for code behind `async` entry points.
    public enum Body: Sendable {
        case sync(@Sendable ([UInt8]) throws(FuzzViolation) -> Outcome)
        case async(@Sendable ([UInt8]) async throws(FuzzViolation) -> Outcome)
    }
    public typealias Generator = @Sendable (inout FuzzRandom) -> [UInt8]

    public let name: String
    /// Valid (and some invalid) example inputs, mutated to make most inputs.
    public let seeds: [[UInt8]]
    public let mutator: Mutator
    /// Builds a well-formed-ish input from scratch, when the format is worth generating.
    public let generator: Generator?
    public let body: Body

    public init(
        name: String, seeds: [String], dictionary: [String] = [], maxLength: Int = 4096,
        generator: Generator? = nil, body: Body
    ) {
        self.init(
            name: name, seedBytes: seeds.map { Array($0.utf8) }, dictionary: dictionary, maxLength: maxLength,
            generator: generator, body: body)
    }

    public init(
        name: String, seedBytes: [[UInt8]], dictionary: [String] = [], maxLength: Int = 4096,
        generator: Generator? = nil, body: Body
    ) {
        self.name = name
        self.seeds = seedBytes
        self.mutator = Mutator(dictionary: dictionary, maxLength: maxLength)
        self.generator = generator
        self.body = body
    }
}

/// A broken invariant: what was expected, in words.
public struct FuzzViolation: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Throws a `FuzzViolation` when `condition` is false.
@inlinable
public func fuzzRequire(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String
) throws(FuzzViolation) {
    if !condition() { throw FuzzViolation(message()) }
}
