import ArcaSDK
import ArcaWire

/// Turns an auth method's `AuthResult` into a token: policies (with `default` unless the method
/// says not), TTLs from the method's `token_*` settings within the mount's and the system's
/// maximum, the caller's entity, bound CIDRs and type. Login tokens are orphans.
struct LoginIssuer: Sendable {
    let tokens: TokenStore
    let aliases: AliasStore
    let configuration: CoreConfiguration

    func issue(_ result: AuthResult, path: String, mount: MountEntry) async throws -> [String: JSONValue] {
        let settings = result.token
        var policies = TokenSettings.normalise(result.policies)
        if policies.contains("root") { throw LogicalError.invalidRequest("auth methods cannot create root tokens") }
        if !settings.noDefaultPolicy && !policies.contains("default") { policies = (policies + ["default"]).sorted() }

        let systemMax = configuration.maxLeaseTTL
        let mountMax = mount.maxLeaseTTL > 0 ? min(Int64(mount.maxLeaseTTL), systemMax) : systemMax
        let maxTTL = settings.maxTTL > 0 ? min(Int64(settings.maxTTL), mountMax) : mountMax
        var ttl = Int64(settings.ttl > 0 ? settings.ttl : (mount.defaultLeaseTTL > 0 ? mount.defaultLeaseTTL : Int(configuration.defaultLeaseTTL)))
        let period = Int64(settings.period)
        let explicitMax = Int64(settings.explicitMaxTTL)
        ttl = period > 0 ? period : min(ttl, maxTTL)
        if explicitMax > 0 { ttl = min(ttl, explicitMax) }

        let mountPath = mount.path.hasPrefix("auth/") ? mount.path.dropFirst("auth/".count) : Substring(mount.path)
        let mountName = mountPath.split(separator: "/").joined(separator: "-")
        var entry = TokenEntry(
            accessor: "", policies: policies, path: path,
            displayName: result.displayName.isEmpty ? String(mountName) : "\(mountName)-\(result.displayName)",
            meta: result.metadata, creationTime: tokens.now, ttl: ttl, numUses: settings.numUses)
        entry.explicitMaxTTL = explicitMax
        entry.period = period
        entry.maxTTL = period > 0 ? 0 : maxTTL
        entry.boundCIDRs = settings.boundCIDRs
        if let alias = result.alias {
            entry.entityID = try await aliases.entityID(for: alias, mountAccessor: mount.accessor, mountType: mount.type)
        }
        let batch = settings.type == "batch" || settings.type == "default-batch"
        entry.renewable = !batch && ttl > 0
        let (id, stored) = batch ? try tokens.issueBatch(entry) : try await tokens.store(entry)
        return AuthBlock.make(stored, id: id, leaseDuration: ttl)
    }
}
