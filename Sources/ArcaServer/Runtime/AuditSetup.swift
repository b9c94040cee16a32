import ArcaCore

/// The audit settings the core gets from the server config: the declared devices, whether the
/// API may enable more (`unsafe_allow_api_audit_creation`, or dev mode so the CLI quick start
/// works), and the server's own files, which no audit device may write.
enum AuditSetup {
    static func settings(_ config: ServerConfig, dev: Bool) -> AuditSettings {
        AuditSettings(
            declared: config.auditDevices.map {
                DeclaredAuditDevice(path: $0.path, type: $0.type, description: $0.description, local: $0.local, options: $0.options)
            },
            allowAPICreation: config.unsafeAllowAPIAuditCreation || dev, allowPrefixing: config.allowAuditLogPrefixing,
            fileGuard: AuditFileGuard(protectedFiles: protectedFiles(config)))
    }

    /// Refuses a declared device with a `prefix` unless `allow_audit_log_prefixing` is set.
    static func validate(_ config: ServerConfig) throws {
        guard !config.allowAuditLogPrefixing else { return }
        for stanza in config.auditDevices where !(stanza.options["prefix"] ?? "").isEmpty {
            throw ConfigError(
                message: "audit \"\(stanza.type)\" \"\(stanza.path)\": \(AuditBroker.prefixRefusal) "
                    + "(set allow_audit_log_prefixing = true)")
        }
    }

    /// The storage database with SQLite's companion files, and every listener's TLS files.
    static func protectedFiles(_ config: ServerConfig) -> [String] {
        var files: [String] = []
        if let path = config.storage?.path, !path.isEmpty {
            files += [path, path + "-wal", path + "-shm", path + "-journal"]
        }
        for listener in config.listeners {
            files += [listener.tlsCertFile, listener.tlsKeyFile].compactMap { $0 }.filter { !$0.isEmpty }
        }
        return files
    }
}
