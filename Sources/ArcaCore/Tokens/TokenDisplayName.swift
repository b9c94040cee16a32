/// The display name a created token carries: `token-` and the requested name with every character
/// outside `[A-Za-z0-9]` replaced by `-` and one trailing `-` dropped, as OpenBao cleans it
/// (checked against `bao server -dev` 2.7.2: `x"; DROP ROLE postgres; --` becomes
/// `token-x---DROP-ROLE-postgres---`). Display names reach user-name templates of secrets engines
/// and audit entries, so only these characters leave the token store.
enum TokenDisplayName {
    static func forCreatedToken(_ requested: String) -> String {
        guard !requested.isEmpty else { return "token" }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(requested.unicodeScalars.count)
        for scalar in requested.unicodeScalars {
            let v = scalar.value
            let alnum = (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
            bytes.append(alnum ? UInt8(v) : UInt8(ascii: "-"))
        }
        if bytes.last == UInt8(ascii: "-") { bytes.removeLast() }
        return "token-" + String(decoding: bytes, as: UTF8.self)
    }
}
