import ArcaWire

/// The rows `status` and `operator unseal` print for a seal status.
enum SealStatusRows {
    static func rows(_ s: SealStatus, haEnabled: Bool?) -> [(String, String)] {
        var rows: [(String, String)] = [("Seal Type", s.type)]
        if let recovery = s.recoverySealType { rows.append(("Recovery Seal Type", recovery)) }
        rows += [
            ("Initialized", "\(s.initialized)"), ("Sealed", "\(s.sealed)"),
            (s.recoverySeal ? "Total Recovery Shares" : "Total Shares", "\(s.shares)"), ("Threshold", "\(s.threshold)"),
        ]
        if s.migration { rows.append(("Seal Migration in Progress", "true")) }
        if s.sealed {
            rows.append(("Unseal Progress", "\(s.progress)/\(s.threshold)"))
            rows.append(("Unseal Nonce", s.nonce.isEmpty ? "n/a" : s.nonce))
        }
        rows.append(("Version", s.version))
        rows.append(("Build Date", s.buildDate))
        rows.append(("Storage Type", s.storageType))
        if let name = s.clusterName { rows.append(("Cluster Name", name)) }
        if let id = s.clusterID { rows.append(("Cluster ID", id)) }
        if let haEnabled { rows.append(("HA Enabled", "\(haEnabled)")) }
        if let error = s.sealError { rows.append(("Seal Error", error)) }
        return rows
    }

    static func json(_ s: SealStatus, haEnabled: Bool?) -> JSONValue {
        var o = s.json.objectValue ?? [:]
        if let haEnabled { o["ha_enabled"] = .bool(haEnabled) }
        return .object(o)
    }
}
