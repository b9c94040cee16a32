extension AuthCrypto {
    /// HMAC-SHA256 (RFC 2104) over the SDK's `SHA256`: for salted, non-reversible storage keys of
    /// identifiers such as AppRole secret ids.
    public enum HMACSHA256 {
        /// The authentication code of `message` under `key`.
        public static func authenticate(_ message: some Collection<UInt8>, key: some Collection<UInt8>) -> [UInt8] {
            var block = key.count > SHA256.blockSize ? SHA256.hash(key) : Array(key)
            block += [UInt8](repeating: 0, count: SHA256.blockSize - block.count)
            let inner = SHA256.hash(block.map { $0 ^ 0x36 } + Array(message))
            return SHA256.hash(block.map { $0 ^ 0x5c } + inner)
        }

        /// The code of a string's UTF-8 bytes, in lower-case hex.
        public static func hex(_ message: String, key: [UInt8]) -> String {
            Hex.encode(authenticate(Array(message.utf8), key: key))
        }
    }
}
