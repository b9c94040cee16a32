import ArcaWire

/// Reading claims the way Vault's JWT method does: a name starting with `/` is a JSON pointer
/// into nested claims (RFC 6901, `/a/b`), anything else a top-level claim.
enum ClaimLookup {
    /// The claim's value; `nil` when absent (or null). A single-string `aud` reads as a list, and
    /// a number reads as its integer part, as Vault compares numbers.
    static func value(_ claims: [String: JSONValue], _ name: String) -> JSONValue? {
        var found: JSONValue?
        if name.hasPrefix("/") {
            found = pointer(.object(claims), name)
        } else {
            found = claims[name]
        }
        guard var v = found, v != .null else { return nil }
        if name == "aud", case .string = v { v = .array([v]) }
        if case .number(let n) = v { v = .number(integral(n)) }
        return v
    }

    /// A top-level claim, without pointer syntax.
    static func topLevel(_ claims: [String: JSONValue], _ name: String) -> JSONValue? {
        guard let v = claims[name], v != .null else { return nil }
        return v
    }

    static func pointer(_ root: JSONValue, _ pointer: String) -> JSONValue? {
        var current = root
        for raw in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let token = unescapePointerToken(raw)
            switch current {
            case .object(let o):
                guard let next = o[token] else { return nil }
                current = next
            case .array(let a):
                guard let i = Int(token), i >= 0, i < a.count else { return nil }
                current = a[i]
            default:
                return nil
            }
        }
        return current
    }

    /// Vault reads claim numbers as floating point and compares their integer part.
    static func integral(_ n: JSONNumber) -> JSONNumber {
        if n.int64 != nil, Int64(n.literal) != nil { return n }
        let d = n.double
        guard d.isFinite, abs(d) < 9.2e18 else { return n }
        return JSONNumber(Int64(d))
    }

    /// A string, bool or number as a one-element list; a list as itself; anything else `nil`.
    static func normalizeList(_ v: JSONValue) -> [JSONValue]? {
        switch v {
        case .array(let items): items
        case .string, .bool, .number: [v]
        default: nil
        }
    }

    /// How Go's `%v` prints a decoded JSON value, for error texts that show one.
    static func describe(_ v: JSONValue) -> String {
        switch v {
        case .null: "<nil>"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): n.literal
        case .string(let s): s
        case .array(let a): "[" + a.map(describe).joined(separator: " ") + "]"
        case .object(let o): "map[" + o.keys.sorted().map { "\($0):\(describe(o[$0]!))" }.joined(separator: " ") + "]"
        }
    }
}

/// Undoes RFC 6901 escaping: `~1` is `/`, `~0` is `~`.
private func unescapePointerToken(_ raw: Substring) -> String {
    var out = ""
    var chars = raw.makeIterator()
    while let c = chars.next() {
        guard c == "~" else {
            out.append(c)
            continue
        }
        switch chars.next() {
        case "1": out.append("/")
        case "0": out.append("~")
        case let other?: out.append("~"); out.append(other)
        case nil: out.append("~")
        }
    }
    return out
}
