import HCL
import Testing

/// Random and mutated inputs never crash or hang the parser: each either parses or throws an
/// `HCLError` that points inside the text.
@Suite(.timeLimit(.minutes(1))) struct FuzzTests {
    static let seeds = [
        VaultConfigTests.config,
        VaultPolicyTests.policy,
        """
        a = <<EOF
        heredoc "text" { }
        EOF
        b = <<-EOT
            indented
          EOT
        n = [-1.5e3, 0x1F, 0640, 42] /* c */ # d
        o = { "k" = { x = ["\\u00e9\\n", true] }, y: false }
        """,
    ]

    /// Fragments that tend to open or close constructs.
    static let fragments = [
        "{", "}", "[", "]", "\"", "\\", "=", ",", ":", "\n", "#", "//", "/*", "*/", "<<EOF\n", "<<-EOF\n", "EOF", "\\u",
        "\\uD83D", "-", "0x", "1e", "true", "path \"x\" ", " ", "\t", "\r\n", "é", "🔑", "\u{0}",
    ]

    /// Parses `text`; if it fails, the error must lie within the text.
    func check(_ text: String) {
        do {
            _ = try HCLParser.parse(text, filename: "fuzz.hcl")
        } catch {
            let lines = text.utf8.count { $0 == UInt8(ascii: "\n") } + 1
            #expect(!error.message.isEmpty)
            #expect(error.filename == "fuzz.hcl")
            #expect((1...lines).contains(error.line), "\(error) in \(text.debugDescription)")
            #expect(error.column >= 1)
        }
    }

    @Test("random bytes")
    func randomBytes() {
        var rng = SplitMix64(seed: 0xA11CE)
        for _ in 0..<1500 {
            let bytes = (0..<rng.below(120)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            check(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test("random sequences of HCL fragments")
    func randomFragments() {
        var rng = SplitMix64(seed: 0xF4A6)
        for _ in 0..<1500 {
            check((0..<rng.below(40)).map { _ in rng.pick(Self.fragments) }.joined())
        }
    }

    @Test("mutations of valid documents")
    func mutations() {
        var rng = SplitMix64(seed: 0xBEEF)
        for seed in Self.seeds { check(seed) }
        for _ in 0..<2500 {
            var bytes = Array(rng.pick(Self.seeds).utf8)
            for _ in 0..<(1 + rng.below(4)) {
                mutate(&bytes, &rng)
            }
            check(String(decoding: bytes, as: UTF8.self))
        }
    }

    private func mutate(_ bytes: inout [UInt8], _ rng: inout SplitMix64) {
        let at = rng.below(bytes.count + 1)
        switch rng.below(6) {
        case 0:
            bytes.removeSubrange(at...)
        case 1 where !bytes.isEmpty:
            bytes[rng.below(bytes.count)] ^= UInt8(1) << rng.below(8)
        case 2:
            bytes.insert(contentsOf: rng.pick(Self.fragments).utf8, at: at)
        case 3:
            bytes.removeSubrange(at..<min(bytes.count, at + 1 + rng.below(8)))
        case 4:
            let slice = bytes[at..<min(bytes.count, at + rng.below(30))]
            bytes.insert(contentsOf: slice, at: rng.below(bytes.count + 1))
        default:
            bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
        }
    }

    @Test("random deep nesting around the limit")
    func nesting() {
        var rng = SplitMix64(seed: 0xDEE9)
        let openers = ["[", "{ a = ", "b {", "{", "x \"y\" = {", "[{"]
        for _ in 0..<200 {
            let depth = 90 + rng.below(20)
            let text = "a = " + (0..<depth).map { _ in rng.pick(openers) }.joined()
            check(text)
        }
    }
}
