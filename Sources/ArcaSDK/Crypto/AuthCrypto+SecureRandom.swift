extension AuthCrypto {
    /// Randomness for identifiers and salts, from the system's cryptographic generator.
    public enum SecureRandom {
        /// `count` random bytes.
        public static func bytes(_ count: Int) -> [UInt8] {
            var generator = SystemRandomNumberGenerator()
            return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        }

        /// A random identifier in the 8-4-4-4-12 hex layout Vault uses for role ids, secret ids and
        /// accessors (122 random bits would do; like Vault's, all 128 are random).
        public static func uuid() -> String {
            let hex = Hex.encode(bytes(16))
            let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
                let start = hex.index(hex.startIndex, offsetBy: range.lowerBound)
                let end = hex.index(hex.startIndex, offsetBy: range.upperBound)
                return String(hex[start..<end])
            }
            return parts.joined(separator: "-")
        }
    }
}
