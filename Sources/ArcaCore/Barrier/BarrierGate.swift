import ArcaCrypto
import Synchronization

/// The barrier's keys while it is unsealed: the root key (it encrypts the keyring) and the keyring.
package struct BarrierKeys: Sendable {
    package let rootKey: SecretBytes
    package let keyring: Keyring

    /// Overwrites every key with zeros.
    func zeroize() {
        rootKey.zeroize()
        keyring.zeroize()
    }
}

/// Who may use the barrier's keys, and when they may be zeroed: a reader/writer gate.
///
/// Every storage operation enters (getting the keys) and leaves when it is done with them, its
/// physical I/O included. Sealing closes the gate: new operations are refused with
/// ``BarrierError/sealed`` at once, and the keys are zeroed only when the last operation inside
/// has left, so no value is ever encrypted under a key that a seal is zeroing, and no write
/// reaches the store after the seal has finished. Opening waits for a close still draining.
final class BarrierGate: Sendable {
    private enum Phase {
        case sealed
        case open(BarrierKeys)
        /// Closed to newcomers; the keys are zeroed when `inside` falls to zero.
        case draining(BarrierKeys)
    }

    private struct State {
        var phase: Phase = .sealed
        var inside = 0
        /// Values encrypted with the active term since it was installed or the barrier unsealed.
        var encryptions = 0
        var drainWaiters: [CheckedContinuation<Void, Never>] = []

        /// Zeroes the keys and seals if draining and empty; returns the waiters to resume.
        mutating func finishDrainIfDone() -> [CheckedContinuation<Void, Never>]? {
            guard inside == 0, case .draining(let keys) = phase else { return nil }
            keys.zeroize()
            phase = .sealed
            defer { drainWaiters = [] }
            return drainWaiters
        }
    }

    private let state = Mutex(State())
    /// Runs once each time the gate becomes sealed (outside the lock): empties the plaintext cache
    /// after the last operation that might have filled it.
    private let onSealed: @Sendable () -> Void

    init(onSealed: @escaping @Sendable () -> Void) { self.onSealed = onSealed }

    /// Whether new operations are refused (sealed, or a seal is draining).
    var isClosed: Bool {
        state.withLock { if case .open = $0.phase { false } else { true } }
    }

    /// Enters the gate; the caller must call ``leave()`` exactly once afterwards.
    func enter(countingEncryption: Bool = false) throws(BarrierError) -> BarrierKeys {
        try state.withLock { (s) throws(BarrierError) -> BarrierKeys in
            guard case .open(let keys) = s.phase else { throw .sealed }
            s.inside += 1
            if countingEncryption { s.encryptions &+= 1 }
            return keys
        }
    }

    /// Counts `n` more values encrypted with the active term.
    func countEncryptions(_ n: Int) {
        state.withLock { $0.encryptions &+= n }
    }

    func leave() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>]? in
            s.inside -= 1
            return s.finishDrainIfDone()
        }
        if let waiters { sealed(waiters) }
    }

    /// Refuses new operations at once; the keys are zeroed when the last one inside has left
    /// (at once if none is inside). Returns without waiting for that.
    func close() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>]? in
            if case .open(let keys) = s.phase { s.phase = .draining(keys) }
            return s.finishDrainIfDone()
        }
        if let waiters { sealed(waiters) }
    }

    /// Closes the gate and returns once the keys are zeroed.
    func closeAndDrain() async {
        close()
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let done = state.withLock { s -> Bool in
                guard case .draining = s.phase else { return true }
                s.drainWaiters.append(c)
                return false
            }
            if done { c.resume() }
        }
    }

    /// Installs `keys` and opens the gate; keys already installed are drained and zeroed first.
    func open(_ keys: BarrierKeys) async {
        while true {
            await closeAndDrain()
            let installed = state.withLock { s -> Bool in
                guard case .sealed = s.phase else { return false }
                s.phase = .open(keys)
                s.encryptions = 0
                return true
            }
            if installed { return }
        }
    }

    /// Replaces the keys of an open or draining gate from inside it (rotate, rekey), resetting the
    /// encryption count. Returns false when the gate is sealed.
    func replaceKeys(_ keys: BarrierKeys) -> Bool {
        state.withLock { s in
            switch s.phase {
            case .sealed: return false
            case .open: s.phase = .open(keys)
            case .draining: s.phase = .draining(keys)
            }
            s.encryptions = 0
            return true
        }
    }

    /// The keys and encryption count, if open.
    func status() throws(BarrierError) -> (keys: BarrierKeys, encryptions: Int) {
        try state.withLock { (s) throws(BarrierError) in
            guard case .open(let keys) = s.phase else { throw .sealed }
            return (keys, s.encryptions)
        }
    }

    private func sealed(_ waiters: [CheckedContinuation<Void, Never>]) {
        onSealed()
        for w in waiters { w.resume() }
    }
}
