/// `GET /v1/sys/seal-status` (and the `sys/unseal` response).
public struct SealStatus: WireObject, Equatable {
    public var type: String
    public var initialized: Bool
    public var sealed: Bool
    public var threshold: Int
    public var shares: Int
    public var progress: Int
    public var nonce: String
    public var version: String
    public var buildDate: String
    public var migration: Bool
    public var clusterName: String?
    public var clusterID: String?
    public var recoverySeal: Bool
    public var storageType: String
    /// `shamir` when operators hold recovery keys (an auto-unseal seal); absent otherwise.
    public var recoverySealType: String?
    /// Arca only: why automatic unsealing through the seal failed, while it keeps retrying.
    public var sealError: String?

    public init(
        type: String, initialized: Bool, sealed: Bool, threshold: Int, shares: Int, progress: Int, nonce: String,
        version: String, buildDate: String, migration: Bool = false, clusterName: String? = nil,
        clusterID: String? = nil, recoverySeal: Bool = false, storageType: String, recoverySealType: String? = nil,
        sealError: String? = nil
    ) {
        self.recoverySealType = recoverySealType
        self.sealError = sealError
        self.type = type
        self.initialized = initialized
        self.sealed = sealed
        self.threshold = threshold
        self.shares = shares
        self.progress = progress
        self.nonce = nonce
        self.version = version
        self.buildDate = buildDate
        self.migration = migration
        self.clusterName = clusterName
        self.clusterID = clusterID
        self.recoverySeal = recoverySeal
        self.storageType = storageType
    }

    public init(json: JSONValue) throws(WireDecodingError) {
        let r = try JSONObjectReader(json)
        type = try r.string("type") ?? ""
        initialized = try r.bool("initialized") ?? false
        sealed = try r.bool("sealed") ?? true
        threshold = try r.int("t") ?? 0
        shares = try r.int("n") ?? 0
        progress = try r.int("progress") ?? 0
        nonce = try r.string("nonce") ?? ""
        version = try r.string("version") ?? ""
        if let build = try r.string("build_date") {
            buildDate = build
        } else {
            buildDate = try r.string("commit_date") ?? ""
        }
        migration = try r.bool("migration") ?? false
        clusterName = try r.string("cluster_name")
        clusterID = try r.string("cluster_id")
        recoverySeal = try r.bool("recovery_seal") ?? false
        storageType = try r.string("storage_type") ?? ""
        recoverySealType = try r.string("recovery_seal_type")
        sealError = try r.string("seal_error")
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "type": .string(type), "initialized": .bool(initialized), "sealed": .bool(sealed),
            "t": .int(threshold), "n": .int(shares), "progress": .int(progress), "nonce": .string(nonce),
            "version": .string(version), "build_date": .string(buildDate), "commit_date": .string(buildDate), "migration": .bool(migration),
            "recovery_seal": .bool(recoverySeal), "storage_type": .string(storageType),
        ]
        o.set("cluster_name", clusterName.map(JSONValue.string))
        o.set("cluster_id", clusterID.map(JSONValue.string))
        o.set("recovery_seal_type", recoverySealType.map(JSONValue.string))
        o.set("seal_error", sealError.map(JSONValue.string))
        return .object(o)
    }
}

/// `PUT /v1/sys/unseal` request body.
public struct UnsealRequest: WireObject, Equatable {
    public var key: String?
    public var reset: Bool
    public var migrate: Bool

    public init(key: String? = nil, reset: Bool = false, migrate: Bool = false) {
        self.key = key
        self.reset = reset
        self.migrate = migrate
    }

    public init(json: JSONValue) throws(WireDecodingError) {
        let r = try JSONObjectReader(json)
        key = try r.string("key")
        reset = try r.bool("reset") ?? false
        migrate = try r.bool("migrate") ?? false
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = [:]
        o.set("key", key.map(JSONValue.string))
        if reset { o["reset"] = true }
        if migrate { o["migrate"] = true }
        return .object(o)
    }
}
