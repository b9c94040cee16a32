/// Generated passwords: 20 characters by default from letters, digits and `-`, with at least one
/// lower-case letter, one upper-case letter and one digit (Vault's default policy shape).
enum PasswordGenerator {
    static let lower = Array("abcdefghijklmnopqrstuvwxyz")
    static let upper = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    static let digits = Array("0123456789")
    static let alphanumeric = lower + upper + digits

    static func random(_ count: Int, alphabet: [Character]) -> String {
        var rng = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int(rng.next(upperBound: UInt64(alphabet.count)))] })
    }

    static func password(length: Int = 20) -> String {
        var rng = SystemRandomNumberGenerator()
        while true {
            let candidate = random(length, alphabet: alphanumeric + ["-"])
            // No leading dash (some clients read it as an option); every class present.
            if candidate.first != "-", candidate.contains(where: lower.contains), candidate.contains(where: upper.contains),
                candidate.contains(where: digits.contains)
            {
                _ = rng.next()
                return candidate
            }
        }
    }
}
