import ArcaFuzzing
import ArcaSDK
import ArcaWire
import Testing

/// A seeded, deterministic fuzz of the duration readers: mutated inputs never trap and every
/// answer stays within the bound; generated durations read back to the value they were built
/// from. The same seed gives the same inputs on every run, so a failure is reproducible from the
/// reported input alone.
@Suite struct DurationFuzzTests {
    typealias Random = FuzzRandom

    static let seeds = [
        "0", "1h30m", "1.5h", "-1h", "+5s", "7d", "-1d", "500ms", "1µs", "1μs", "2562047h47m16.854775807s",
        "9223372036", "9223372037", "99999999999999999999", "106751d", "106752d", ".5m", "3.s", "1..5s", "",
        "  10s", "1e5", "0x10", "1_0", "-", "d", "h", "9223372036854775807ns", "-9223372036854775808ns",
    ]
    static let pieces = [
        "0", "1", "9", ".", "-", "+", "h", "m", "s", "ms", "us", "µs", "μs", "ns", "d", " ", "e", "\"", "\\",
        "999999999", "9223372036", "\u{0}", "٣", "\u{301}",
    ]

    static func mutate(_ input: String, _ random: inout Random) -> String {
        var scalars = Array(input.unicodeScalars)
        for _ in 0...random.below(4) {
            switch random.below(5) {
            case 0:  // insert a piece
                let at = random.below(scalars.count + 1)
                scalars.insert(contentsOf: random.pick(pieces).unicodeScalars, at: at)
            case 1 where !scalars.isEmpty:  // delete a scalar
                scalars.remove(at: random.below(scalars.count))
            case 2 where !scalars.isEmpty:  // replace a scalar by a digit
                scalars[random.below(scalars.count)] = Unicode.Scalar(UInt8(0x30 + random.below(10)))
            case 3:  // splice another seed
                scalars += random.pick(seeds).unicodeScalars
            default:  // duplicate a run
                guard !scalars.isEmpty else { continue }
                let start = random.below(scalars.count)
                let end = min(scalars.count, start + 1 + random.below(8))
                scalars.insert(contentsOf: scalars[start..<end], at: end)
            }
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars.prefix(64))
        return String(out)
    }

    /// Every reader on one input: nothing traps, and each answer is within its bound.
    static func check(_ text: String) {
        let max = DurationParser.maxSeconds
        if let s = DurationParser.seconds(text) { #expect((0...max).contains(s), "lenient \(text.debugDescription) → \(s)") }
        if let s = try? DurationParser.vaultSeconds(text) {
            #expect((-max...max).contains(s), "\(text.debugDescription) → \(s)")
        }
        if let ns = try? DurationParser.vaultNanoseconds(text), !text.hasPrefix("-"), !text.hasPrefix("+"), ns != 0 {
            // A sign flips the value exactly (the one asymmetry, -2^63, cannot be positive).
            #expect((try? DurationParser.vaultNanoseconds("-" + text)) == -ns, "\(text.debugDescription)")
        }
        for type in [FieldType.durationSeconds, .signedDurationSeconds, .int] {
            for raw in [JSONValue.string(text), .number(JSONNumber(validatedLiteral: text))] {
                if let v = try? Int.coerce(raw, as: type), type != .int {
                    #expect(Int64(v).magnitude <= UInt64(max), "\(text.debugDescription) under .\(type) → \(v)")
                    if type == .durationSeconds { #expect(v >= 0) }
                }
            }
        }
        _ = GoInt.parse(Substring(text))
        #expect(GoDurationSyntax.quote(text).hasPrefix("\""))
    }

    @Test("mutated inputs never trap and stay within the bound")
    func mutated() {
        var random = Random(seed: 0xA5CA_2026)
        var inputs = 0
        for round in 0..<4_000 {
            var text = Self.seeds[round % Self.seeds.count]
            for _ in 0..<8 {
                text = Self.mutate(text, &random)
                Self.check(text)
                inputs += 1
            }
        }
        #expect(inputs == 32_000)
    }

    @Test("generated durations read back to the value they were built from")
    func roundTrip() throws {
        var random = Random(seed: 0x5EED)
        let units: [(String, Int64)] = [("h", 3_600_000_000_000), ("m", 60_000_000_000), ("s", 1_000_000_000), ("ms", 1_000_000),
                                        ("us", 1_000), ("ns", 1)]
        for _ in 0..<20_000 {
            // A sum of whole components, written in any order: exact integer arithmetic on both sides.
            var text = ""
            var total: Int64 = 0
            var overflow = false
            for _ in 0...random.below(4) {
                let (unit, scale) = random.pick(units)
                let n = Int64(random.next() % (random.below(2) == 0 ? 1_000 : 3_000_000_000))
                text += "\(n)\(unit)"
                let (part, o1) = n.multipliedReportingOverflow(by: scale)
                let (sum, o2) = total.addingReportingOverflow(part)
                overflow = overflow || o1 || o2
                total = sum
            }
            let negative = random.below(2) == 0
            if negative { text = "-" + text }
            let read = try? DurationParser.vaultNanoseconds(text)
            if overflow {
                #expect(read == nil, "\(text) should overflow")
            } else {
                #expect(read == (negative ? -total : total), "\(text)")
            }
            // Whole seconds, as a bare number and as `<n>s`, within the bound and past it.
            let seconds = Int64(random.next() % 20_000_000_000) - 10_000_000_000
            let inBound = seconds.magnitude <= UInt64(DurationParser.maxSeconds)
            #expect((try? DurationParser.vaultSeconds(String(seconds))) == (inBound ? seconds : nil))
            #expect((try? DurationParser.vaultSeconds("\(seconds)s")) == (inBound ? seconds : nil))
            if seconds >= 0 { #expect(DurationParser.seconds(String(seconds)) == (inBound ? seconds : nil)) }
            // A Go-style rendering (`1h2m3s`) of whole seconds reads back through both readers.
            if seconds >= 0 && inBound {
                let go = "\(seconds / 3600)h\(seconds % 3600 / 60)m\(seconds % 60)s"
                #expect(try DurationParser.vaultSeconds(go) == seconds)
                #expect(DurationParser.seconds(go) == seconds)
            }
        }
    }
}
