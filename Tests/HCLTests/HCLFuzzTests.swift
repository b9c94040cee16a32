import HCL
import Testing

/// Random and mutated inputs never crash or hang the parser: each either parses or throws HCLError.
@Suite struct HCLFuzzTests {
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let seedDocument = """
        path "secret/*" {
          capabilities = ["read", "list"]
          allowed_parameters = { "*" = [] }
        }
        listener "tcp" { address = "127.0.0.1:8200" tls_disable = true }
        x = <<EOF
        heredoc
        EOF
        n = -1.5e3 /* c */ # d
        """

    static let alphabet = Array("{}[]=,:\"\\<-#/*\n\t abcEOF0123456789.+éü🔑".unicodeScalars)

    func parseNeverCrashes(_ text: String) {
        do {
            _ = try HCLParser.parse(text)
        } catch {
            #expect(!error.message.isEmpty)
        }
    }

    @Test("random strings")
    func randomStrings() {
        var rng = SplitMix64(state: 0xA11CE)
        for _ in 0..<2000 {
            var s = String.UnicodeScalarView()
            for _ in 0..<rng.below(80) { s.append(Self.alphabet[rng.below(Self.alphabet.count)]) }
            parseNeverCrashes(String(s))
        }
    }

    @Test("mutations of a valid document")
    func mutations() {
        var rng = SplitMix64(state: 0xBEEF)
        let base = Array(Self.seedDocument.unicodeScalars)
        for _ in 0..<2000 {
            var doc = base
            for _ in 0..<(1 + rng.below(4)) {
                switch rng.below(4) {
                case 0: doc = Array(doc.prefix(rng.below(doc.count + 1)))
                case 1 where !doc.isEmpty: doc[rng.below(doc.count)] = Self.alphabet[rng.below(Self.alphabet.count)]
                case 2: doc.insert(Self.alphabet[rng.below(Self.alphabet.count)], at: rng.below(doc.count + 1))
                default: if !doc.isEmpty { doc.remove(at: rng.below(doc.count)) }
                }
            }
            var s = String.UnicodeScalarView()
            s.append(contentsOf: doc)
            parseNeverCrashes(String(s))
        }
    }
}
