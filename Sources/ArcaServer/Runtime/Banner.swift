import ArcaWire

/// The start-up summary printed before logs stream.
enum Banner {
    static func configuration(_ config: ServerConfig, storage: String, seal: String) -> String {
        var lines = ["==> Arca server configuration:", ""]
        let rows: [(String, String)] =
            [("Api Address", config.apiAddress ?? "")]
            + config.listeners.enumerated().map { i, l in
                ("Listener \(i + 1)", "tcp (addr: \"\(l.address)\", tls: \"\(l.tlsDisable ? "disabled" : "enabled")\")")
            }
            + [
                ("Log Level", config.logLevel), ("Mlock", config.disableMlock ? "disabled" : "enabled"), ("Seal", seal),
                ("Storage", storage), ("Version", "Arca v\(ArcaVersion.version)"),
            ]
        let width = rows.map(\.0.count).max() ?? 0
        for (k, v) in rows {
            lines.append(String(repeating: " ", count: width - k.count + 4) + "\(k): \(v)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
