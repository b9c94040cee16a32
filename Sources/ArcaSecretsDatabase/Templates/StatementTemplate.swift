/// Creation, revocation, renewal and rotation statements: `{{name}}`, `{{username}}`,
/// `{{password}}` and `{{expiration}}` are substituted, and each configured entry may hold
/// several statements separated by `;`, all run in one transaction.
enum StatementTemplate {
    static func render(_ statements: [String], values: [String: String]) -> [String] {
        statements.flatMap { split($0) }.map { statement in
            var out = statement
            for (key, value) in values { out = out.replacing("{{\(key)}}", with: value) }
            return out
        }
    }

    /// Splits on `;` outside single quotes, double quotes and `$$` bodies; drops empty pieces.
    static func split(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var single = false, double = false, dollar = false
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if !single && !double && c == "$" && i + 1 < chars.count && chars[i + 1] == "$" {
                dollar.toggle()
                current += "$$"
                i += 2
                continue
            }
            if !dollar {
                if c == "'" && !double { single.toggle() }
                if c == "\"" && !single { double.toggle() }
            }
            if c == ";" && !single && !double && !dollar {
                pieces.append(current)
                current = ""
            } else {
                current.append(c)
            }
            i += 1
        }
        pieces.append(current)
        return pieces.map { trim($0) }.filter { !$0.isEmpty }
    }

    static func trim(_ s: String) -> String {
        var t = Substring(s)
        while t.first?.isWhitespace == true { t.removeFirst() }
        while t.last?.isWhitespace == true { t.removeLast() }
        return String(t)
    }
}
