extension AuthCrypto {
    /// HMAC-SHA256 (RFC 2104) over the SDK's `SHA256`: for salted, non-reversible storage keys of
    /// identifiers such as AppRole secret ids.
    public enum HMACSHA256 {
        /// The authentication code of `message` under `key`.
        public static func authenticate(_ message: some Collection<UInt8>, key: some Collection<UInt8>) -> [UInt8] {
            let long = key.count > SHA256.blockSize ? SHA256.hash(key) : nil
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: SHA256.blockSize) { pad in
                pad.initialize(repeating: 0)
                if let long { _ = UnsafeMutableBufferPointer(rebasing: pad[..<long.count]).initialize(from: long) }
                else { _ = UnsafeMutableBufferPointer(rebasing: pad[..<key.count]).initialize(from: key) }
                // Inner: (key ^ ipad) then the message; outer: (key ^ opad) then the inner digest.
                for i in 0..<SHA256.blockSize { pad[i] ^= 0x36 }
                var inner = SHA256.State()
                absorb(&inner, pad)
                let innerDigest = SHA256.finish(&inner, after: SHA256.blockSize, message)
                for i in 0..<SHA256.blockSize { pad[i] ^= 0x36 ^ 0x5c }
                var outer = SHA256.State()
                absorb(&outer, pad)
                return SHA256.finish(&outer, after: SHA256.blockSize, innerDigest)
            }
        }

        private static func absorb(_ state: inout SHA256.State, _ block: UnsafeMutableBufferPointer<UInt8>) {
            SHA256.k.withUnsafeBufferPointer { SHA256.compress(&state, UnsafeBufferPointer(block), $0) }
        }

        /// The code of a string's UTF-8 bytes, in lower-case hex.
        public static func hex(_ message: String, key: [UInt8]) -> String {
            Hex.encode(authenticate(Array(message.utf8), key: key))
        }
    }
}
