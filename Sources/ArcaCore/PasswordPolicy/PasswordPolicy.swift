import ArcaSDK
import HCL

/// A password policy (`sys/policies/password/<name>`): a length and charset rules, each with a
/// minimum count. Generated passwords draw from the union of the charsets and meet every minimum.
struct PasswordPolicy: Sendable, Equatable {
    struct Rule: Sendable, Equatable {
        var charset: [Character]
        var minChars: Int
    }

    var length: Int
    var rules: [Rule]

    static let maxLength = 4096

    static func invalid(_ reason: String) -> LogicalError {
        .invalidRequest("1 error occurred:\n\t* invalid password policy: 1 error occurred:\n\t* \(reason)\n\n\n\n")
    }

    /// Parses the policy's HCL text, checking it as OpenBao does.
    static func parse(_ text: String) throws -> PasswordPolicy {
        let body: HCLBody
        do {
            body = try HCLParser.parse(text)
        } catch {
            throw invalid("unable to decode policy: \(error)")
        }
        var length = 20
        for attribute in body.attributes {
            guard attribute.name == "length", case .number(let n) = attribute.value, let v = n.int64 else {
                throw invalid("unrecognized field \"\(attribute.name)\"")
            }
            length = Int(v)
        }
        var rules: [Rule] = []
        for block in body.blocks {
            guard block.type == "rule", block.labels == ["charset"] else {
                throw invalid("unrecognized rule type \"\(block.labels.first ?? block.type)\"")
            }
            var charset: [Character] = []
            var minChars = 0
            for a in block.body.attributes {
                switch (a.name, a.value) {
                case ("charset", .string(let s)): charset = Array(s)
                case ("min-chars", .number(let n)): minChars = Int(n.int64 ?? -1)
                default: throw invalid("unrecognized field \"\(a.name)\" in charset rule")
                }
            }
            if charset.isEmpty { throw invalid("charset must be specified") }
            if minChars < 0 { throw invalid("min-chars cannot be negative") }
            var seen = Set<Character>()
            rules.append(Rule(charset: charset.filter { seen.insert($0).inserted }, minChars: minChars))
        }
        if rules.isEmpty { throw invalid("no charset specified") }
        let required = rules.reduce(0) { $0 + $1.minChars }
        if required > length {
            throw invalid("specified rules require at least \(required) characters but \(length) is specified")
        }
        if length < 4 { throw invalid("length must be >= 4") }
        if length > maxLength { throw invalid("length must be <= \(maxLength)") }
        return PasswordPolicy(length: length, rules: rules)
    }

    /// A password meeting the policy (rejection sampling over the union charset).
    func generate() throws -> String {
        var seen = Set<Character>()
        let union = rules.flatMap(\.charset).filter { seen.insert($0).inserted }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<1000 {
            let candidate = (0..<length).map { _ in union[Int(rng.next(upperBound: UInt64(union.count)))] }
            if rules.allSatisfy({ rule in candidate.filter(rule.charset.contains).count >= rule.minChars }) {
                return String(candidate)
            }
        }
        throw LogicalError.coded(status: 500, message: "unable to generate password: too many attempts")
    }
}
