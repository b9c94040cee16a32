import ArcaCore
import ArcaCrypto
import ArcaFuzzing

/// Shamir's secret sharing and the unseal-key decoder. The first byte picks the mode:
/// - split and combine: any `threshold` of the shares, in any order, give the secret back;
/// - combine arbitrary byte strings: a `ShamirError` or a secret one byte shorter, never a trap;
/// - decode a typed share: a `SealError`, or 16 to 33 bytes; a share written in hex (either case)
///   or base64, with white space around, decodes to its bytes.
enum ShamirFuzz {
    static let target = FuzzTarget(
        name: "shamir",
        seedBytes: [
            [0, 5, 3] + Array(0..<32), [0, 1, 1, 42], [0, 255, 255, 1, 2], [3, 2, 33, 33] + Array(repeating: 7, count: 66),
            [3, 3, 2, 2, 1, 1, 1, 2, 1, 0], [1] + Array("  0123456789abcdefABCDEF0123456789abcdef0123456789abcdef0123456789ab\n".utf8),
            [1] + Array("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g".utf8), [1] + Array("zz".utf8), [2, 16, 9],
        ],
        dictionary: ["=", "==", "+", "/", " ", "\n", "\t", "\u{A0}", "0", "f", "F", "A", "g"],
        maxLength: 600,
        body: .sync(check))

    @Sendable static func check(_ bytes: [UInt8]) throws(FuzzViolation) -> FuzzTarget.Outcome {
        guard let mode = bytes.first else { return .rejected }
        let rest = Array(bytes.dropFirst())
        switch mode % 4 {
        case 0: return try splitAndCombine(rest)
        case 1: return try decode(String(decoding: rest, as: UTF8.self))
        case 2: return try encodeAndDecode(rest)
        default: return try combineArbitrary(rest)
        }
    }

    static func splitAndCombine(_ bytes: [UInt8]) throws(FuzzViolation) -> FuzzTarget.Outcome {
        guard bytes.count >= 3 else { return .rejected }
        // Mostly small splits; the largest (255 shares) now and then, on a short secret.
        let shares = bytes[0] == 255 ? 255 : Int(bytes[0] % 24), threshold = shares == 255 ? Int(bytes[1]) : Int(bytes[1] % 24)
        let secret = Array(bytes.dropFirst(2).prefix(shares > 24 ? 4 : 64))
        var rng = FuzzRandom(seed: UInt64(bytes.count) << 16 | UInt64(shares) << 8 | UInt64(threshold))
        let parts: [[UInt8]]
        do {
            parts = try Shamir.split(secret: secret, shares: shares, threshold: threshold, entropy: SeededEntropy(seed: rng.next()))
        } catch {
            let valid = !secret.isEmpty && (1...255).contains(shares) && (1...shares).contains(threshold)
            try fuzzRequire(!valid, "split refused valid parameters: \(error)")
            return .rejected
        }
        try fuzzRequire(parts.count == shares, "\(parts.count) shares for \(shares)")
        try fuzzRequire(parts.allSatisfy { $0.count == secret.count + 1 }, "share length")
        try fuzzRequire(Set(parts.map { $0[secret.count] }).count == shares && !parts.contains { $0[secret.count] == 0 }, "coordinates")
        let chosen = Array(parts.shuffled(using: &rng).prefix(threshold + rng.below(shares - threshold + 1)))
        let rebuilt = try? Shamir.combine(chosen)
        try fuzzRequire(rebuilt == secret, "\(chosen.count) of \(shares) shares (threshold \(threshold)) did not rebuild the secret")
        var duplicated = chosen
        duplicated.append(chosen[rng.below(chosen.count)])
        try fuzzRequire((try? Shamir.combine(duplicated)) == nil, "combine took a repeated share")
        return .accepted
    }

    static func combineArbitrary(_ bytes: [UInt8]) throws(FuzzViolation) -> FuzzTarget.Outcome {
        guard let count = bytes.first else { return .rejected }
        var rest = bytes.dropFirst()
        var shares: [[UInt8]] = []
        for _ in 0..<Int(count % 8) {
            guard let length = rest.first else { break }
            rest = rest.dropFirst()
            shares.append(Array(rest.prefix(Int(length % 40))))
            rest = rest.dropFirst(Int(length % 40))
        }
        do {
            let secret = try Shamir.combine(shares)
            try fuzzRequire(shares.first.map { secret.count == $0.count - 1 } == true, "secret length")
            return .accepted
        } catch {
            return .rejected
        }
    }

    static func decode(_ text: String) throws(FuzzViolation) -> FuzzTarget.Outcome {
        do {
            let bytes = try ShareDecoding.decode(text)
            try fuzzRequire((ShareDecoding.minimumLength...ShareDecoding.maximumLength).contains(bytes.count), "\(bytes.count) bytes")
            return .accepted
        } catch {
            try fuzzRequire(!"\(error)".isEmpty, "empty error")
            return .rejected
        }
    }

    static func encodeAndDecode(_ bytes: [UInt8]) throws(FuzzViolation) -> FuzzTarget.Outcome {
        guard let first = bytes.first else { return .rejected }
        let share = Array(bytes.dropFirst().prefix(Int(first % 40)))
        let pads = [" ", "\n", "\t", "\r\n", "", "\u{A0}", "\u{2003}"]
        var rng = FuzzRandom(seed: UInt64(first))
        var forms = [Hex.encode(share), Hex.encode(share).uppercased(), Base64.encode(share)]
        forms = forms.map { rng.pick(pads) + $0 + rng.pick(pads) }
        for (i, form) in forms.enumerated() {
            let decoded = try? ShareDecoding.decode(form)
            // Hex is tried first, as in Vault: a base64 form made only of hex digits reads as hex.
            if i == 2, Hex.decode(form.trimmingWhitespace()) != nil { continue }
            if (ShareDecoding.minimumLength...ShareDecoding.maximumLength).contains(share.count) {
                try fuzzRequire(decoded == share, "\(form.debugDescription) decoded to \(String(describing: decoded))")
            } else {
                try fuzzRequire(decoded == nil, "a \(share.count)-byte share was accepted")
            }
        }
        return .accepted
    }
}
