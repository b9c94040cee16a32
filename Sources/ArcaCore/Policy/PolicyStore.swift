import ArcaSDK
import ArcaWire
import Synchronization

/// Stores ACL policies in the barrier (`sys/policy/<name>`, the source text) and keeps them parsed
/// in memory, so the request path never re-parses. `root` is built in; `default` is written on
/// first unseal and can be edited but not deleted.
package final class PolicyStore: Sendable {
    static let prefix = "sys/policy/"
    private let storage: any Storage
    private let cache = Mutex(State())

    /// The parsed policies and the ACLs built from them, which are dropped whenever a policy changes.
    private struct State {
        var policies: [String: Policy] = [:]
        /// ACLs by the policy names they combine (in the token's order), so a request does not merge
        /// and sort rules again. Bounded: emptied when full.
        var acls: [[String]: ACL] = [:]

        mutating func set(_ policies: [String: Policy]) {
            self.policies = policies
            acls = [:]
        }
    }

    static let aclCacheLimit = 1024

    package init(storage: any Storage) { self.storage = storage }

    package func load() async throws {
        if try await storage.get(Self.prefix + "default") == nil {
            try await storage.put(StorageEntry(key: Self.prefix + "default", value: Array(DefaultPolicy.text.utf8)))
        }
        var loaded: [String: Policy] = [:]
        for name in try await storage.list(prefix: Self.prefix) where !name.hasSuffix("/") {
            if let entry = try await storage.get(Self.prefix + name) {
                loaded[name] = try PolicyParser.parse(name: name, text: String(decoding: entry.value, as: UTF8.self))
            }
        }
        cache.withLock { $0.set(loaded) }
    }

    package func unload() { cache.withLock { $0.set([:]) } }

    package func names() -> [String] { (cache.withLock { Array($0.policies.keys) } + ["root"]).sorted() }

    /// What a response-wrapping token may do: unwrap, nothing else. Built in, never stored or listed.
    static let responseWrapping = (try? PolicyParser.parse(name: "response-wrapping", text: ResponseWrappingPolicy.text))
        ?? Policy(name: "response-wrapping", raw: "", rules: [])

    package func get(_ name: String) -> Policy? {
        if name == "root" { return Policy(name: "root", raw: "", rules: []) }
        if name == "response-wrapping" { return Self.responseWrapping }
        return cache.withLock { $0.policies[name] }
    }

    package func put(name raw: String, text: String) async throws {
        let name = raw.lowercased()
        guard !name.isEmpty else { throw LogicalError.invalidRequest("policy name must be given") }
        if name == "root" || name == "response-wrapping" {
            throw LogicalError.invalidRequest("cannot update \"\(name)\" policy")
        }
        guard !text.isEmpty else { throw LogicalError.invalidRequest("'policy' parameter not supplied or empty") }
        let policy = try PolicyParser.parse(name: name, text: text)
        try await storage.put(StorageEntry(key: Self.prefix + name, value: Array(text.utf8)))
        cache.withLock {
            $0.policies[name] = policy
            $0.acls = [:]
        }
    }

    package func delete(_ raw: String) async throws {
        let name = raw.lowercased()
        if name == "root" || name == "default" {
            throw LogicalError.invalidRequest("cannot delete \"\(name)\" policy")
        }
        try await storage.delete(Self.prefix + name)
        cache.withLock {
            $0.policies[name] = nil
            $0.acls = [:]
        }
    }

    /// The ACL for a set of policy names; unknown names are ignored, as in Vault.
    /// Built under the lock from one consistent set of policies, so a policy written meanwhile
    /// cannot leave a stale ACL cached.
    package func acl(_ names: [String]) -> ACL {
        cache.withLock { state in
            if let acl = state.acls[names] { return acl }
            let acl = ACL(policies: names.compactMap { name in
                switch name {
                case "root": Policy(name: "root", raw: "", rules: [])
                case "response-wrapping": Self.responseWrapping
                default: state.policies[name]
                }
            })
            if state.acls.count >= Self.aclCacheLimit { state.acls = [:] }
            state.acls[names] = acl
            return acl
        }
    }
}

/// The `default` policy every token gets unless created with `no_default_policy`.
package enum DefaultPolicy {
    package static let text = """
        # Lets a token see and manage itself.
        path "auth/token/lookup-self" {
            capabilities = ["read"]
        }
        path "auth/token/renew-self" {
            capabilities = ["update"]
        }
        path "auth/token/revoke-self" {
            capabilities = ["update"]
        }
        # Lets a token ask what it may do.
        path "sys/capabilities-self" {
            capabilities = ["update"]
        }
        # The token's private storage.
        path "cubbyhole/*" {
            capabilities = ["create", "read", "update", "delete", "list"]
        }
        # Response wrapping.
        path "sys/wrapping/wrap" {
            capabilities = ["update"]
        }
        path "sys/wrapping/lookup" {
            capabilities = ["update"]
        }
        path "sys/wrapping/unwrap" {
            capabilities = ["update"]
        }
        # Lease renewal and lookup for the token's own leases.
        path "sys/leases/renew" {
            capabilities = ["update"]
        }
        path "sys/leases/lookup" {
            capabilities = ["update"]
        }
        """
}

/// The built-in policy of response-wrapping tokens.
enum ResponseWrappingPolicy {
    static let text = """
        path "cubbyhole/response" {
            capabilities = ["create", "read"]
        }
        path "sys/wrapping/unwrap" {
            capabilities = ["update"]
        }
        """
}
