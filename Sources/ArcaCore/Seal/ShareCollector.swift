import ArcaCrypto

/// Collects key shares toward a threshold: the pure part of unseal and rekey progress.
///
/// A share given twice counts once (Vault answers the repeat with unchanged progress). The nonce
/// identifies one attempt and is cleared by `reset()`.
package struct ShareCollector: Sendable {
    package enum Outcome: Equatable, Sendable {
        case needMore(progress: Int)
        case ready([[UInt8]])
    }

    package let threshold: Int
    package private(set) var shares: [[UInt8]] = []
    package private(set) var nonce: String = ""

    package init(threshold: Int) { self.threshold = threshold }

    package var progress: Int { shares.count }

    /// Whether `share` was already given in this attempt.
    package func contains(_ share: [UInt8]) -> Bool { shares.contains(share) }

    /// Adds `share`; `makeNonce` is called when the first share of an attempt arrives.
    package mutating func add(_ share: [UInt8], makeNonce: () -> String) -> Outcome {
        if shares.isEmpty { nonce = makeNonce() }
        // A copy of our own, in a buffer no caller shares, so `reset()` wipes what it held.
        if !shares.contains(share) { shares.append(share.withUnsafeBufferPointer { Array($0) }) }
        if shares.count >= threshold {
            // The shares go to the caller, who wipes them once the key is rebuilt.
            let collected = shares
            shares = []
            nonce = ""
            return .ready(collected)
        }
        return .needMore(progress: shares.count)
    }

    /// Forgets every share given so far. The collector's copies are overwritten, including where a
    /// caller still refers to them (`shares`, the `.ready` value).
    package mutating func reset() {
        for share in shares { SecureZero.zeroShared(share) }
        shares = []
        nonce = ""
    }
}
