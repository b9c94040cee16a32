import ArcaSDK
import ArcaWire

/// A role: which service accounts may log in through it and what token they get.
struct KubernetesRole: Sendable, Equatable {
    var serviceAccountNames: [String] = []
    var serviceAccountNamespaces: [String] = []
    var audience = ""
    var aliasNameSource = AliasNameSource.uid.rawValue
    var token = TokenSettings()

    enum AliasNameSource: String, CaseIterable {
        case uid = "serviceaccount_uid"
        case name = "serviceaccount_name"
    }

    init() {}

    var readJSON: [String: JSONValue] {
        var d: [String: JSONValue] = [
            "bound_service_account_names": .strings(serviceAccountNames),
            "bound_service_account_namespaces": .strings(serviceAccountNamespaces),
            "bound_service_account_namespace_selector": .string(""), "alias_name_source": .string(aliasNameSource),
        ]
        if !audience.isEmpty { d["audience"] = .string(audience) }
        d.merge(token.storageJSON) { a, _ in a }
        return d
    }

    var storageJSON: JSONValue {
        var d = readJSON
        d["bound_service_account_namespace_selector"] = nil
        d["audience"] = .string(audience)
        return .object(d)
    }

    init(storageJSON o: [String: JSONValue]) {
        serviceAccountNames = o["bound_service_account_names"]?.arrayValue?.compactMap(\.stringValue) ?? []
        serviceAccountNamespaces = o["bound_service_account_namespaces"]?.arrayValue?.compactMap(\.stringValue) ?? []
        audience = o["audience"]?.stringValue ?? ""
        aliasNameSource = o["alias_name_source"]?.stringValue ?? AliasNameSource.uid.rawValue
        token = TokenSettings(storageJSON: o)
    }
}
