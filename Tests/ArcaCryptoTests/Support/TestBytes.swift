/// Hex conversions for test vectors.
enum TestBytes {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    static func fromHex(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8)
        precondition(digits.count % 2 == 0, "odd hex length")
        return stride(from: 0, to: digits.count, by: 2).map { index in
            UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16)!
        }
    }

    /// Every subset of `0..<count` with at least `minimum` elements, as index lists.
    static func subsets(of count: Int, minimum: Int) -> [[Int]] {
        (0..<(1 << count)).compactMap { mask in
            let members = (0..<count).filter { mask & (1 << $0) != 0 }
            return members.count >= minimum ? members : nil
        }
    }
}
