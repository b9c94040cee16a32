import ArcaWire

/// Who a service-account token says it is. Legacy secret-based tokens carry flat
/// `kubernetes.io/serviceaccount/*` claims; projected tokens a nested `kubernetes.io` object,
/// which wins when present.
struct ServiceAccount: Sendable, Equatable {
    var name = ""
    var namespace = ""
    var uid = ""
    /// Only legacy tokens name their secret.
    var secretName = ""
    /// The token's own audiences.
    var audiences: [String] = []

    init(name: String = "", namespace: String = "", uid: String = "", secretName: String = "", audiences: [String] = []) {
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.secretName = secretName
        self.audiences = audiences
    }

    init(claims: [String: JSONValue]) {
        func s(_ v: JSONValue?) -> String { v?.stringValue ?? "" }
        name = s(claims["kubernetes.io/serviceaccount/service-account.name"])
        uid = s(claims["kubernetes.io/serviceaccount/service-account.uid"])
        namespace = s(claims["kubernetes.io/serviceaccount/namespace"])
        secretName = s(claims["kubernetes.io/serviceaccount/secret.name"])
        if let projected = claims["kubernetes.io"]?.objectValue {
            namespace = s(projected["namespace"])
            if let sa = projected["serviceaccount"]?.objectValue {
                name = s(sa["name"])
                uid = s(sa["uid"])
            }
        }
        switch claims["aud"] {
        case .string(let a)?: audiences = [a]
        case .array(let items)?: audiences = items.compactMap(\.stringValue)
        default: audiences = []
        }
    }
}
