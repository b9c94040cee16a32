import ArcaCrypto
import ArcaSDK
import Logging

/// The config's declared audit devices against the audit table, at unseal.
extension AuditBroker {
    /// Adds the declared devices the table lacks, updates the ones whose stanza changed (a
    /// device keeps its salt while its path and type stay), and removes declared devices whose
    /// stanza is gone. A declared device whose path clashes with an API-enabled one fails the
    /// unseal: the operator renames the stanza or disables that device. Returns the uuids of the
    /// devices added.
    func reconcileDeclared() async throws -> Set<String> {
        var table = entries.filter { !$0.declared }
        var removedSalts: [String] = []
        var created: Set<String> = []
        for device in settings.declared {
            let path = Self.normalise(device.path)
            guard path != "/" else { throw LogicalError.invalidRequest("audit device declared in the config has an empty path") }
            if let clash = table.first(where: { path.hasPrefix($0.path) || $0.path.hasPrefix(path) }) {
                throw LogicalError.invalidRequest(
                    clash.declared
                        ? "audit devices \"\(clash.path)\" and \"\(path)\" declared in the config overlap"
                        : "the audit device \"\(path)\" declared in the config clashes with the device enabled over "
                            + "the API at \"\(clash.path)\"; rename the stanza or disable that device")
            }
            let previous = entries.first { $0.declared && $0.path == path && $0.type == device.type }
            if let old = entries.first(where: { $0.declared && $0.path == path }), old.type != device.type {
                removedSalts.append(old.uuid)
            }
            let uuid = previous?.uuid ?? UUIDString.random(entropy)
            if previous == nil { created.insert(uuid) }
            table.append(
                AuditDeviceEntry(
                    path: path, type: device.type, description: device.description, options: device.options,
                    local: device.local, uuid: uuid, declared: true))
        }
        let kept = Set(table.map(\.uuid))
        removedSalts += entries.filter { $0.declared && !kept.contains($0.uuid) }.map(\.uuid)
        if table != entries {
            try await persist(table)
        }
        for uuid in Set(removedSalts) where !kept.contains(uuid) {
            try await storage.delete(Self.saltPath(uuid))
        }
        for entry in entries where created.contains(entry.uuid) {
            logger.info("audit device declared in the config enabled", metadata: ["path": "\(entry.path)", "type": "\(entry.type)"])
        }
        return created
    }
}
