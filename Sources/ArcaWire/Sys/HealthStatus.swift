/// `GET /v1/sys/health` body.
public struct HealthStatus: WireObject, Equatable {
    public var initialized: Bool
    public var sealed: Bool
    public var standby: Bool
    public var replicationPerformanceMode: String
    public var replicationDRMode: String
    public var serverTimeUTC: Int64
    public var version: String
    public var clusterName: String?
    public var clusterID: String?

    public init(
        initialized: Bool, sealed: Bool, standby: Bool, replicationPerformanceMode: String,
        replicationDRMode: String, serverTimeUTC: Int64, version: String, clusterName: String? = nil,
        clusterID: String? = nil
    ) {
        self.initialized = initialized
        self.sealed = sealed
        self.standby = standby
        self.replicationPerformanceMode = replicationPerformanceMode
        self.replicationDRMode = replicationDRMode
        self.serverTimeUTC = serverTimeUTC
        self.version = version
        self.clusterName = clusterName
        self.clusterID = clusterID
    }

    public init(json: JSONValue) throws(WireDecodingError) {
        let r = try JSONObjectReader(json)
        initialized = try r.bool("initialized") ?? false
        sealed = try r.bool("sealed") ?? true
        standby = try r.bool("standby") ?? false
        replicationPerformanceMode = try r.string("replication_performance_mode") ?? ""
        replicationDRMode = try r.string("replication_dr_mode") ?? ""
        serverTimeUTC = Int64(try r.int("server_time_utc") ?? 0)
        version = try r.string("version") ?? ""
        clusterName = try r.string("cluster_name")
        clusterID = try r.string("cluster_id")
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "initialized": .bool(initialized), "sealed": .bool(sealed), "standby": .bool(standby),
            "replication_performance_mode": .string(replicationPerformanceMode),
            "replication_dr_mode": .string(replicationDRMode),
            "server_time_utc": .number(JSONNumber(serverTimeUTC)), "version": .string(version),
        ]
        o.set("cluster_name", clusterName.map(JSONValue.string))
        o.set("cluster_id", clusterID.map(JSONValue.string))
        return .object(o)
    }
}

/// `GET /v1/sys/leader` body. With HA disabled Vault sends only `ha_enabled: false`.
public struct LeaderStatus: WireObject, Equatable {
    public var haEnabled: Bool
    public var isSelf: Bool?
    public var leaderAddress: String?
    public var leaderClusterAddress: String?
    public var activeTime: String?

    public init(haEnabled: Bool, isSelf: Bool? = nil, leaderAddress: String? = nil,
                leaderClusterAddress: String? = nil, activeTime: String? = nil) {
        self.haEnabled = haEnabled
        self.isSelf = isSelf
        self.leaderAddress = leaderAddress
        self.leaderClusterAddress = leaderClusterAddress
        self.activeTime = activeTime
    }

    public init(json: JSONValue) throws(WireDecodingError) {
        let r = try JSONObjectReader(json)
        haEnabled = try r.bool("ha_enabled") ?? false
        isSelf = try r.bool("is_self")
        leaderAddress = try r.string("leader_address")
        leaderClusterAddress = try r.string("leader_cluster_address")
        activeTime = try r.string("active_time")
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = ["ha_enabled": .bool(haEnabled)]
        o.set("is_self", isSelf.map(JSONValue.bool))
        o.set("leader_address", leaderAddress.map(JSONValue.string))
        o.set("leader_cluster_address", leaderClusterAddress.map(JSONValue.string))
        o.set("active_time", activeTime.map(JSONValue.string))
        return .object(o)
    }
}

/// `GET /v1/sys/key-status` data.
public struct KeyStatus: WireObject, Equatable {
    public var term: Int
    public var installTime: String
    public var encryptions: Int

    public init(term: Int, installTime: String, encryptions: Int) {
        self.term = term
        self.installTime = installTime
        self.encryptions = encryptions
    }

    public init(json: JSONValue) throws(WireDecodingError) {
        let r = try JSONObjectReader(json)
        term = try r.int("term") ?? 0
        installTime = try r.string("install_time") ?? ""
        encryptions = try r.int("encryptions") ?? 0
    }

    public var json: JSONValue {
        ["term": .int(term), "install_time": .string(installTime), "encryptions": .int(encryptions)]
    }
}
