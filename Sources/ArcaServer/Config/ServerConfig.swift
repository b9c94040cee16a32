import ArcaCore

/// The server configuration, merged from every `-config` file, as Vault's HCL/JSON server config
/// describes it.
package struct ServerConfig: Sendable, Equatable {
    package var listeners: [ListenerConfig] = []
    package var storage: StorageConfig?
    /// Every `seal` stanza: at most one in use, and at most one `disabled` (the seal to migrate from).
    package var seals: [SealStanza] = []
    package var apiAddress: String?
    package var clusterAddress: String?
    package var ui: Bool = false
    package var disableMlock: Bool = false
    /// `disable_core_dump_protection = true`: leave the process dumpable (see `CoreDumps`).
    package var disableCoreDumpProtection: Bool = false
    /// Seconds.
    package var defaultLeaseTTL: Int64 = 768 * 3600
    /// Seconds.
    package var maxLeaseTTL: Int64 = 768 * 3600
    package var logLevel: String = "info"
    package var clusterName: String?
    /// `user_lockout "<all|userpass|ldap|approle>"` stanzas, merged by type.
    package var userLockouts: [String: UserLockoutConfig] = [:]
    /// `audit` stanzas: the devices created at unseal.
    package var auditDevices: [AuditStanza] = []
    /// `unsafe_allow_api_audit_creation`: whether `sys/audit/<path>` may enable devices (off, as
    /// in OpenBao 2.x; dev mode turns it on).
    package var unsafeAllowAPIAuditCreation = false
    /// `allow_audit_log_prefixing`: whether audit devices may take the `prefix` option.
    package var allowAuditLogPrefixing = false

    package init() {}
}

/// A `listener "tcp" { ... }` stanza.
package struct ListenerConfig: Sendable, Equatable {
    package var type: String = "tcp"
    package var address: String = "127.0.0.1:8200"
    package var tlsDisable: Bool = false
    package var tlsCertFile: String?
    package var tlsKeyFile: String?
    package var tlsMinVersion: String = "tls12"
    /// Connection and request limits, seconds unless named otherwise (Vault's keys and
    /// defaults; `max_connections` is Arca's). A zero timeout is Go's zero: see `ListenerLimits`.
    package var httpReadHeaderTimeout: Int64 = 10
    package var httpReadTimeout: Int64 = 30
    package var httpWriteTimeout: Int64 = 0
    package var httpIdleTimeout: Int64 = 300
    /// Bytes: 0 is Vault's default (32 MiB), a negative value turns the limit off.
    package var maxRequestSize: Int64 = 32 * 1024 * 1024
    /// 0 is the default (90 s), as Vault's `default_max_request_duration`.
    package var maxRequestDuration: Int64 = 90
    /// Connections served at once; more wait in the accept backlog. 0: no cap.
    package var maxConnections: Int = 4096

    package init() {}

    /// Host and port of `address`.
    package func hostAndPort() throws -> (String, Int) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
            (0...65535).contains(port)
        else { throw ConfigError(message: "listener address '\(address)' must be host:port") }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }
}

/// A `storage "TYPE" { ... }` stanza.
package struct StorageConfig: Sendable, Equatable {
    package var type: String
    package var path: String?
}

/// A `seal "TYPE" { ... }` stanza, kept as plain settings for the seal that understands them.
package struct SealStanza: Sendable, Equatable {
    package var type: String
    package var disabled: Bool
    package var settings: [String: String]
}

/// A configuration problem, located as precisely as the source allows (`file:line:column: …`).
package struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    package var message: String
    package init(message: String) { self.message = message }
    package var description: String { message }
}
