import ArcaCore
import ArcaCrypto
import Synchronization

/// An auto-unseal seal for tests: it wraps the root key with a key of its own, like a KMS would,
/// and can be made unreachable to test retries and error reporting.
package final class TestAutoSeal: Seal {
    package let type: String
    private let key: SecretBytes
    private let reachable = Mutex(true)
    private let calls = Mutex(0)

    package init(type: String = "testkms", key: SecretBytes = SecretBytes(randomCount: 32)) {
        self.type = type
        self.key = key
    }

    package var needsShares: Bool { false }

    /// Makes the seal's "service" answer (true) or fail every call (false).
    package func setReachable(_ value: Bool) { reachable.withLock { $0 = value } }

    /// How many wrap/unwrap calls reached the seal.
    package var callCount: Int { calls.withLock { $0 } }

    private func check() throws {
        calls.withLock { $0 += 1 }
        guard reachable.withLock({ $0 }) else { throw TestSealUnreachable() }
    }

    package func wrap(rootKey: SecretBytes, shareKey: SecretBytes?) async throws -> [UInt8] {
        try check()
        return rootKey.withUnsafeBytes { raw in
            CellCipher.seal(plaintext: Array(raw), key: key, term: 0, associatedData: Array(type.utf8), entropy: SystemEntropy())
        }
    }

    package func unwrap(_ blob: [UInt8], shareKey: SecretBytes?) async throws -> SecretBytes {
        try check()
        return SecretBytes(try CellCipher.open(blob, associatedData: Array(type.utf8)) { $0 == 0 ? key : nil })
    }
}

package struct TestSealUnreachable: Error, CustomStringConvertible {
    package var description: String { "dial tcp 127.0.0.1:1: connection refused" }
}
