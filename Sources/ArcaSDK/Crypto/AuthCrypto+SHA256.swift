extension AuthCrypto {
    /// SHA-256 (FIPS 180-4) in plain Swift, so that auth methods, which import only the SDK, can
    /// hash and HMAC identifiers. Not for bulk data: the core uses swift-crypto for that.
    public enum SHA256 {
        public static let digestSize = 32
        static let blockSize = 64

        static let k: [UInt32] = [
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        ]

        /// The chaining value between blocks.
        struct State {
            var a: UInt32 = 0x6a09e667, b: UInt32 = 0xbb67ae85, c: UInt32 = 0x3c6ef372, d: UInt32 = 0xa54ff53a
            var e: UInt32 = 0x510e527f, f: UInt32 = 0x9b05688c, g: UInt32 = 0x1f83d9ab, h: UInt32 = 0x5be0cd19

            /// Overwrites the words with zeros (for states derived from a key). Never inlined, so
            /// the stores cannot be dropped as dead where the state is about to go away.
            @inline(never) mutating func zeroize() { (a, b, c, d, e, f, g, h) = (0, 0, 0, 0, 0, 0, 0, 0) }
        }

        /// The digest of `message`.
        public static func hash(_ message: some Collection<UInt8>) -> [UInt8] {
            var state = State()
            return finish(&state, after: 0, message)
        }

        /// Hashes `message` into `state`, which has already absorbed `absorbed` bytes (whole
        /// blocks), pads, and returns the digest: the rest of a hash begun elsewhere (HMAC's key
        /// block). No allocation but the digest's.
        static func finish(_ state: inout State, after absorbed: Int, _ message: some Collection<UInt8>) -> [UInt8] {
            let done = message.withContiguousStorageIfAvailable { finish(&state, after: absorbed, bytes: $0) }
            return done ?? Array(message).withUnsafeBufferPointer { finish(&state, after: absorbed, bytes: $0) }
        }

        private static func finish(_ state: inout State, after absorbed: Int, bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
            let whole = bytes.count / blockSize * blockSize
            k.withUnsafeBufferPointer { k in
                var offset = 0
                while offset < whole {
                    compress(&state, UnsafeBufferPointer(rebasing: bytes[offset..<offset + blockSize]), k)
                    offset += blockSize
                }
                // The tail, the 0x80 marker and the bit length fill one or two more blocks.
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * blockSize) { tail in
                    let rest = bytes.count - whole
                    let blocks = rest < blockSize - 8 ? 1 : 2
                    tail.initialize(repeating: 0)
                    for i in 0..<rest { tail[i] = bytes[whole + i] }
                    tail[rest] = 0x80
                    let bitLength = UInt64(absorbed + bytes.count) &* 8
                    let end = blocks * blockSize
                    for i in 0..<8 { tail[end - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i))) }
                    for block in 0..<blocks {
                        compress(&state, UnsafeBufferPointer(rebasing: tail[block * blockSize..<(block + 1) * blockSize]), k)
                    }
                }
            }
            return [UInt8](unsafeUninitializedCapacity: digestSize) { out, count in
                func put(_ word: UInt32, _ i: Int) {
                    out[4 * i] = UInt8(truncatingIfNeeded: word >> 24)
                    out[4 * i + 1] = UInt8(truncatingIfNeeded: word >> 16)
                    out[4 * i + 2] = UInt8(truncatingIfNeeded: word >> 8)
                    out[4 * i + 3] = UInt8(truncatingIfNeeded: word)
                }
                put(state.a, 0); put(state.b, 1); put(state.c, 2); put(state.d, 3)
                put(state.e, 4); put(state.f, 5); put(state.g, 6); put(state.h, 7)
                count = digestSize
            }
        }

        /// Absorbs one 64-byte block into `state`.
        static func compress(_ state: inout State, _ block: UnsafeBufferPointer<UInt8>, _ k: UnsafeBufferPointer<UInt32>) {
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                for t in 0..<16 {
                    let i = t * 4
                    w[t] = UInt32(block[i]) << 24 | UInt32(block[i + 1]) << 16 | UInt32(block[i + 2]) << 8 | UInt32(block[i + 3])
                }
                for t in 16..<64 {
                    let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
                    let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
                    w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                }
                var (a, b, c, d, e, f, g, hh) = (state.a, state.b, state.c, state.d, state.e, state.f, state.g, state.h)
                for t in 0..<64 {
                    let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                    let choice = (e & f) ^ (~e & g)
                    let t1 = hh &+ s1 &+ choice &+ k[t] &+ w[t]
                    let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = s0 &+ majority
                    (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
                }
                state.a &+= a
                state.b &+= b
                state.c &+= c
                state.d &+= d
                state.e &+= e
                state.f &+= f
                state.g &+= g
                state.h &+= hh
            }
        }

        @inline(__always) private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { x >> n | x << (32 - n) }
    }
}
