/// bcrypt password hashing (Provos and Mazières), compatible with OpenBSD's, Go's and Python's:
/// `$2a$`/`$2b$`/`$2y$` hashes, a cost between 4 and 31, a 16-byte salt, and passwords
/// truncated to 72 bytes. New hashes are written as `$2a$`, as Go's bcrypt (and so Vault) writes them.
public enum Bcrypt {
    /// The cost Vault's userpass uses for new hashes (Go's `bcrypt.DefaultCost`).
    public static let defaultCost = 10
    public static let minCost = 4
    public static let maxCost = 31

    /// A parsed hash: `$<version>$<cost>$<22 salt chars><31 hash chars>`.
    public struct Hash: Sendable, Equatable {
        /// `2a`, `2b` or `2y` (identical for passwords under 256 bytes, which truncation ensures).
        public let version: String
        public let cost: Int
        /// The salt as written (22 characters).
        let saltText: Substring
        /// The 16 salt bytes.
        public let salt: [UInt8]
        /// The digest as written (31 characters).
        let digestText: Substring

        /// Parses `text`, or `nil` when it is not a well-formed bcrypt hash.
        public init?(_ text: String) {
            let parts = text.split(separator: "$", omittingEmptySubsequences: false)
            guard parts.count == 4, parts[0].isEmpty, ["2a", "2b", "2y"].contains(parts[1]),
                parts[2].count == 2, parts[2].allSatisfy(\.isASCII), let cost = Int(parts[2]),
                (Bcrypt.minCost...Bcrypt.maxCost).contains(cost), parts[3].utf8.count == 53,
                let salt = BcryptBase64.decode(parts[3].prefix(22), count: 16),
                BcryptBase64.decode(parts[3].suffix(31), count: 23) != nil
            else { return nil }
            version = String(parts[1])
            self.cost = cost
            saltText = parts[3].prefix(22)
            self.salt = salt
            digestText = parts[3].suffix(31)
        }
    }

    /// Hashes `password` with a fresh random salt.
    /// - Parameters:
    ///   - password: the password's bytes; only the first 72 count.
    ///   - cost: log2 of the key-expansion rounds, 4...31.
    /// - Returns: the hash in modular crypt format, `$2a$10$…`.
    public static func hash(_ password: some Collection<UInt8>, cost: Int = defaultCost) -> String {
        hash(password, cost: cost, salt: AuthCrypto.SecureRandom.bytes(16))
    }

    /// Hashes `password` with the given 16-byte `salt` (for tests and known-answer vectors).
    public static func hash(_ password: some Collection<UInt8>, cost: Int, salt: [UInt8]) -> String {
        precondition((minCost...maxCost).contains(cost), "bcrypt cost out of range")
        precondition(salt.count == 16, "bcrypt salt is 16 bytes")
        let costText = cost < 10 ? "0\(cost)" : "\(cost)"
        let digest = BcryptBase64.encode(rawDigest(Array(password), cost: cost, salt: salt))
        return "$2a$\(costText)$\(BcryptBase64.encode(salt))\(digest)"
    }

    /// Whether `password` matches `hash`; a malformed hash never matches. The digests are
    /// compared in constant time.
    public static func verify(_ password: some Collection<UInt8>, against hash: String) -> Bool {
        guard let parsed = Hash(hash) else { return false }
        return verify(password, against: parsed)
    }

    /// Whether `password` matches an already parsed hash.
    public static func verify(_ password: some Collection<UInt8>, against hash: Hash) -> Bool {
        let digest = BcryptBase64.encode(rawDigest(Array(password), cost: hash.cost, salt: hash.salt))
        return AuthCrypto.ConstantTime.equals(Array(digest.utf8), Array(hash.digestText.utf8))
    }

    /// The 23 bytes bcrypt keeps: "OrpheanBeholderScryDoubt" encrypted 64 times under the
    /// EksBlowfish state, minus its last byte.
    static func rawDigest(_ password: [UInt8], cost: Int, salt: [UInt8]) -> [UInt8] {
        // The key is the password and its NUL terminator, cut at 72 bytes: the P-array takes
        // exactly 72 bytes, so nothing past them could matter anyway.
        var key = Array(password.prefix(72))
        if key.count < 72 { key.append(0) }
        defer { for i in key.indices { key[i] = 0 } }

        var words: [UInt32] = [0x4f72_7068, 0x6561_6e42, 0x6568_6f6c, 0x6465_7253, 0x6372_7944, 0x6f75_6274]
        var state = [UInt32](repeating: 0, count: Blowfish.stateWords)
        state.withUnsafeMutableBufferPointer { s in
            key.withUnsafeBufferPointer { k in
                salt.withUnsafeBufferPointer { n in Blowfish.eksSetup(s, cost: cost, key: k, salt: n) }
            }
            for _ in 0..<64 {
                for j in stride(from: 0, to: 6, by: 2) {
                    var (l, r) = (words[j], words[j + 1])
                    Blowfish.encrypt(&l, &r, s)
                    (words[j], words[j + 1]) = (l, r)
                }
            }
            for i in s.indices { s[i] = 0 }
        }
        var out: [UInt8] = []
        for w in words { out += [UInt8(w >> 24), UInt8(w >> 16 & 0xff), UInt8(w >> 8 & 0xff), UInt8(w & 0xff)] }
        return Array(out.prefix(23))
    }
}
