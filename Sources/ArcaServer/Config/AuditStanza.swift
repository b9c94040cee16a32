/// An `audit` stanza: one audit device the config declares, created at unseal.
///
/// OpenBao's form, `audit "TYPE" "PATH" { description = "…"  local = false  options { … } }`
/// (in JSON `"audit": [{"TYPE": {"PATH": {…}}}]`), and the shorter form some guides use,
/// `audit { file { path = "…"  log_raw = true } }`, whose device is mounted at its type's name
/// and whose settings are its options.
package struct AuditStanza: Sendable, Equatable {
    package var type: String
    /// Without a trailing `/`, as written.
    package var path: String
    package var description: String = ""
    package var local: Bool = false
    package var options: [String: String] = [:]

    package init(type: String, path: String, description: String = "", local: Bool = false, options: [String: String] = [:]) {
        self.type = type
        self.path = path
        self.description = description
        self.local = local
        self.options = options
    }

    static let types: Set = ["file", "socket", "syslog"]
}
