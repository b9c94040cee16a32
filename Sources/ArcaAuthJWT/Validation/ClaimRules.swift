import ArcaAuthSupport
import ArcaWire

/// A role's rules over the claims of a verified token: bound claims, the alias name, metadata
/// from claim mappings, and group names. Messages are Vault's.
struct ClaimRules {
    let role: JWTRole
    let claims: [String: JSONValue]

    /// Every bound claim must be present and match one of its values (exactly, or as a glob).
    func checkBoundClaims() throws(JOSEError) {
        let globs = role.boundClaimsType == "glob"
        for (name, expected) in (role.boundClaims ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let actual = ClaimLookup.value(claims, name) else { throw JOSEError("claim \(quoted(name)) is missing") }
            guard let actualValues = ClaimLookup.normalizeList(actual) else {
                throw JOSEError("received claim is not a string, bool, int or list: \(ClaimLookup.describe(actual))")
            }
            guard let expectedValues = ClaimLookup.normalizeList(expected) else {
                throw JOSEError("bound claim is not a string, bool, int or list: \(ClaimLookup.describe(expected))")
            }
            guard try Self.anyMatch(expectedValues, actualValues, globs: globs) else {
                throw JOSEError("claim \(quoted(name)) does not match any associated bound claim values")
            }
        }
    }

    static func anyMatch(_ expected: [JSONValue], _ actual: [JSONValue], globs: Bool) throws(JOSEError) -> Bool {
        for e in expected {
            for a in actual {
                if globs {
                    guard case .string(let pattern) = e else {
                        throw JOSEError("bound claim is not a glob string: \(ClaimLookup.describe(e))")
                    }
                    if case .string(let s) = a, Glob.matches(pattern, s) { return true }
                } else if same(e, a) {
                    return true
                }
            }
        }
        return false
    }

    /// Equal type and value; numbers compare by their integer part, as Vault reads claim numbers.
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)): ClaimLookup.integral(x).literal == ClaimLookup.integral(y).literal
        default: false
        }
    }

    /// The identity alias name: the user claim, which must be a string.
    func aliasName() throws(JOSEError) -> String {
        let raw =
            role.userClaimJSONPointer
            ? ClaimLookup.value(claims, role.userClaim) : ClaimLookup.topLevel(claims, role.userClaim)
        guard let raw else { throw JOSEError("claim \(quoted(role.userClaim)) not found in token") }
        guard case .string(let name) = raw else {
            throw JOSEError("claim \(quoted(role.userClaim)) could not be converted to string")
        }
        return name
    }

    /// Metadata from `claim_mappings` (claims that are absent are skipped; present ones must be strings).
    func metadata() throws(JOSEError) -> [String: String] {
        var out: [String: String] = [:]
        for (source, target) in (role.claimMappings ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let v = ClaimLookup.value(claims, source) else { continue }
            guard case .string(let s) = v else { throw JOSEError("error converting claim '\(source)' to string") }
            out[target] = s
        }
        return out
    }

    /// The group names from `groups_claim` (empty when the role has none); empty names are skipped.
    func groups() throws(JOSEError) -> [String] {
        guard !role.groupsClaim.isEmpty else { return [] }
        guard let raw = ClaimLookup.value(claims, role.groupsClaim) else {
            throw JOSEError("failed to fetch groups: \(quoted(role.groupsClaim)) claim not found in token")
        }
        guard let items = ClaimLookup.normalizeList(raw) else {
            throw JOSEError("\(quoted(role.groupsClaim)) claim could not be converted to string list")
        }
        var out: [String] = []
        for item in items {
            guard case .string(let g) = item else {
                throw JOSEError("value \(ClaimLookup.describe(item)) in groups claim could not be parsed as string")
            }
            if !g.isEmpty { out.append(g) }
        }
        return out
    }
}
