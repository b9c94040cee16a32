import Synchronization

extension AuthCrypto {
    /// HMAC-SHA256 (RFC 2104) over the SDK's `SHA256`: for salted, non-reversible storage keys of
    /// identifiers such as AppRole secret ids.
    public enum HMACSHA256 {
        /// The authentication code of `message` under `key`.
        public static func authenticate(_ message: some Collection<UInt8>, key: some Collection<UInt8>) -> [UInt8] {
            var pads = padded(key)
            defer { pads.zeroize() }
            return pads.authenticate(message)
        }

        /// The code of a string's UTF-8 bytes, in lower-case hex.
        public static func hex(_ message: String, key: [UInt8]) -> String {
            Hex.encode(authenticate(Array(message.utf8), key: key))
        }

        /// The hash states after `(key ^ ipad)` and `(key ^ opad)`: all that a MAC needs of the key.
        static func padded(_ key: some Collection<UInt8>) -> Pads {
            let long = key.count > SHA256.blockSize ? SHA256.hash(key) : nil
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: SHA256.blockSize) { pad in
                pad.initialize(repeating: 0)
                defer { pad.update(repeating: 0) }
                if let long { _ = UnsafeMutableBufferPointer(rebasing: pad[..<long.count]).initialize(from: long) }
                else { _ = UnsafeMutableBufferPointer(rebasing: pad[..<key.count]).initialize(from: key) }
                var pads = Pads()
                for i in 0..<SHA256.blockSize { pad[i] ^= 0x36 }
                absorb(&pads.inner, pad)
                for i in 0..<SHA256.blockSize { pad[i] ^= 0x36 ^ 0x5c }
                absorb(&pads.outer, pad)
                return pads
            }
        }

        private static func absorb(_ state: inout SHA256.State, _ block: UnsafeMutableBufferPointer<UInt8>) {
            SHA256.k.withUnsafeBufferPointer { SHA256.compress(&state, UnsafeBufferPointer(block), $0) }
        }

        /// The two keyed hash states.
        struct Pads {
            var inner = SHA256.State()
            var outer = SHA256.State()

            /// Inner: the message after the inner pad; outer: the inner digest after the outer pad.
            func authenticate(_ message: some Collection<UInt8>) -> [UInt8] {
                var inner = inner
                var outer = outer
                let innerDigest = SHA256.finish(&inner, after: SHA256.blockSize, message)
                return SHA256.finish(&outer, after: SHA256.blockSize, innerDigest)
            }

            mutating func zeroize() {
                inner.zeroize()
                outer.zeroize()
            }
        }

        /// A key prepared once for many codes: its padded blocks are absorbed at creation, so a
        /// code of a short message costs two compressions instead of four and allocates only
        /// its result (the token store hashes an id on every request; audit hashes every string
        /// of an entry).
        ///
        /// The prepared states are as secret as the key: ``zeroize()`` overwrites them, and codes
        /// computed afterwards are meaningless.
        public final class Key: Sendable {
            private let pads: Mutex<Pads>

            /// Prepares `key` (any length); the caller keeps and wipes its own copy.
            public init(_ key: some Collection<UInt8>) { pads = Mutex(padded(key)) }

            /// A key dropped without `zeroize()` (replaced, or a load raced a seal) is wiped too.
            deinit { zeroize() }

            /// The authentication code of `message`: 32 bytes.
            public func authenticate(_ message: some Collection<UInt8>) -> [UInt8] {
                let pads = pads.withLock { $0 }
                return pads.authenticate(message)
            }

            /// The code in lower-case hex (64 digits).
            public func hex(_ message: some Collection<UInt8>) -> String { Hex.encode(authenticate(message)) }

            /// Overwrites the prepared states with zeros.
            public func zeroize() { pads.withLock { $0.zeroize() } }
        }
    }
}
