/// How audit devices are set up, from the server config (OpenBao 2.x's model): the devices the
/// config declares, whether `sys/audit/<path>` may enable more, and the files no device may write.
package struct AuditSettings: Sendable, Equatable {
    /// `audit "TYPE" "PATH" { ... }` stanzas, in config order: created at unseal, removed when
    /// their stanza goes, never disabled over the API.
    package var declared: [DeclaredAuditDevice]
    /// `unsafe_allow_api_audit_creation` (on in dev mode): whether the API may enable devices.
    /// Off, `sys/audit/<path>` answers OpenBao's refusal.
    package var allowAPICreation: Bool
    /// `allow_audit_log_prefixing`: whether a device may take the `prefix` option, which puts
    /// text of the enabler's choosing at the start of every line (OpenBao 2.x: off).
    package var allowPrefixing: Bool
    /// The storage database and the TLS files: see `AuditFileGuard`.
    package var fileGuard: AuditFileGuard

    package init(
        declared: [DeclaredAuditDevice] = [], allowAPICreation: Bool = false, allowPrefixing: Bool = false,
        fileGuard: AuditFileGuard = .init()
    ) {
        self.declared = declared
        self.allowAPICreation = allowAPICreation
        self.allowPrefixing = allowPrefixing
        self.fileGuard = fileGuard
    }
}

/// One audit device declared in the server config.
package struct DeclaredAuditDevice: Sendable, Equatable {
    /// Where it is mounted, e.g. `to-stdout` (a trailing `/` is added).
    package var path: String
    package var type: String
    package var description: String
    package var local: Bool
    /// The device's options (`file_path`, `log_raw`, ...), as strings.
    package var options: [String: String]

    package init(path: String, type: String, description: String = "", local: Bool = false, options: [String: String] = [:]) {
        self.path = path
        self.type = type
        self.description = description
        self.local = local
        self.options = options
    }
}
