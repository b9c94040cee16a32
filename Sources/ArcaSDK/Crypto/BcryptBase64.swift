/// bcrypt's own base64: the usual bit order, no padding, and the alphabet `./A–Za–z0–9`.
enum BcryptBase64 {
    static let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xff, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i]
            let b1 = i + 1 < bytes.count ? bytes[i + 1] : 0
            let b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            if i + 1 < bytes.count { out.append(alphabet[Int((b1 & 0x0f) << 2 | b2 >> 6)]) }
            if i + 2 < bytes.count { out.append(alphabet[Int(b2 & 0x3f)]) }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `text` into exactly `count` bytes, or `nil` when it holds a character outside the
    /// alphabet or is too short.
    static func decode(_ text: Substring, count: Int) -> [UInt8]? {
        var sextets: [UInt8] = []
        for c in text.utf8 {
            let v = decodeTable[Int(c)]
            if v == 0xff { return nil }
            sextets.append(v)
        }
        var out: [UInt8] = []
        out.reserveCapacity(count)
        var i = 0
        while out.count < count {
            guard i + 1 < sextets.count else { return nil }
            out.append(sextets[i] << 2 | sextets[i + 1] >> 4)
            if out.count == count { break }
            guard i + 2 < sextets.count else { return nil }
            out.append(sextets[i + 1] << 4 | sextets[i + 2] >> 2)
            if out.count == count { break }
            guard i + 3 < sextets.count else { return nil }
            out.append(sextets[i + 2] << 6 | sextets[i + 3])
            i += 4
        }
        return out
    }
}
