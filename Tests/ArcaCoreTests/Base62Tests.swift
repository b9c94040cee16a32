@testable import ArcaCore
import ArcaCrypto
import Testing

@Suite struct Base62Tests {
    /// Hands out a fixed sequence of bytes across calls, so rejection and refills show.
    final class Script: EntropySource, @unchecked Sendable {
        private var rest: [UInt8]
        init(_ bytes: [UInt8]) { rest = bytes }
        func bytes(_ count: Int) -> [UInt8] {
            let out = Array(rest.prefix(count)) + [UInt8](repeating: 0, count: max(0, count - rest.count))
            rest.removeFirst(min(count, rest.count))
            return out
        }
    }

    @Test("bytes map to the alphabet modulo 62; bytes 248 and up are skipped, and a short draw is topped up")
    func mapping() {
        // The first draw (8 bytes for 4 characters) rejects six bytes, the second fills the rest.
        let draws: [UInt8] = [0, 248, 255, 250, 249, 252, 251, 61] + [62 + 10, 247, 0, 0, 0, 0, 0, 0]
        #expect(Base62.random(4, entropy: Script(draws)) == "0ZaZ")
        #expect(Base62.random(3, entropy: Script([36, 35, 188])) == "Az2")
    }

    @Test("system strings have the length asked for and only base62 characters")
    func system() {
        let ids = (0..<100).map { _ in Base62.random(24, entropy: SystemEntropy()) }
        #expect(Set(ids).count == 100)
        for id in ids {
            #expect(id.utf8.count == 24)
            #expect(id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) })
        }
    }
}
