/// The Blowfish cipher as bcrypt uses it: the state (P-array and S-boxes) lives in one buffer of
/// 1,042 words, and the expensive key schedule (EksBlowfish) mixes a salt in.
///
/// Everything works on an `UnsafeMutableBufferPointer` so that the 2^cost rounds of key expansion
/// do no copy-on-write or exclusivity checks; bcrypt at the default cost runs about a million
/// block encryptions.
enum Blowfish {
    static let pCount = 18
    static let stateWords = 18 + 4 * 256

    /// Encrypts one 64-bit block (`l`, `r`) under `state`.
    @inline(__always)
    static func encrypt(_ l: inout UInt32, _ r: inout UInt32, _ state: UnsafeMutableBufferPointer<UInt32>) {
        let p = state.baseAddress!
        let s = p + pCount
        @inline(__always) func f(_ x: UInt32) -> UInt32 {
            let a = s[Int(x >> 24)]
            let b = s[256 + Int((x >> 16) & 0xff)]
            let c = s[512 + Int((x >> 8) & 0xff)]
            let d = s[768 + Int(x & 0xff)]
            return ((a &+ b) ^ c) &+ d
        }
        var xl = l ^ p[0]
        var xr = r
        var i = 1
        while i < 17 {
            xr ^= f(xl) ^ p[i]
            xl ^= f(xr) ^ p[i + 1]
            i += 2
        }
        l = xr ^ p[17]
        r = xl
    }

    /// The next 32-bit big-endian word of `data`, read cyclically from `position`.
    @inline(__always)
    static func streamWord(_ data: UnsafeBufferPointer<UInt8>, _ position: inout Int) -> UInt32 {
        var word: UInt32 = 0
        for _ in 0..<4 {
            if position >= data.count { position = 0 }
            word = word << 8 | UInt32(data[position])
            position += 1
        }
        return word
    }

    /// Blowfish's key schedule with an optional salt (`ExpandKey` of the bcrypt paper): the key is
    /// XORed into the P-array, then the whole state is rewritten by encrypting a running block
    /// that absorbs the salt (or zeros, when `salt` is empty).
    static func expandKey(
        _ state: UnsafeMutableBufferPointer<UInt32>, key: UnsafeBufferPointer<UInt8>, salt: UnsafeBufferPointer<UInt8>
    ) {
        var keyPosition = 0
        for i in 0..<pCount { state[i] ^= streamWord(key, &keyPosition) }
        var l: UInt32 = 0
        var r: UInt32 = 0
        var saltPosition = 0
        var i = 0
        while i < stateWords {
            if !salt.isEmpty {
                l ^= streamWord(salt, &saltPosition)
                r ^= streamWord(salt, &saltPosition)
            }
            encrypt(&l, &r, state)
            state[i] = l
            state[i + 1] = r
            i += 2
        }
    }

    /// EksBlowfishSetup: the initial state, then the salted key schedule, then 2^cost rounds that
    /// alternately re-key with the key and with the salt.
    static func eksSetup(
        _ state: UnsafeMutableBufferPointer<UInt32>, cost: Int, key: UnsafeBufferPointer<UInt8>,
        salt: UnsafeBufferPointer<UInt8>
    ) {
        _ = state.initialize(from: initialState)
        expandKey(state, key: key, salt: salt)
        let none = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        for _ in 0..<(1 << cost) {
            expandKey(state, key: key, salt: none)
            expandKey(state, key: salt, salt: none)
        }
    }
}
