import ArcaAPI
import ArcaWire
import ArgumentParser
import FoundationEssentials

/// `arca operator seal`.
struct OperatorSealCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seal", abstract: "Seal the server.")

    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await withClient(client) { api, _ in try await api.sys.seal() }
        print("Success! Arca is sealed.")
    }
}

/// `arca operator key-status`.
struct OperatorKeyStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "key-status", abstract: "Show the active encryption key.")

    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await withClient(client) { api, settings in
            KeyStatusOutput.emit(try await api.sys.keyStatus(), format: settings.format)
        }
    }
}

/// `arca operator rotate`.
struct OperatorRotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rotate", abstract: "Install a new encryption key.")

    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await withClient(client) { api, settings in
            try await api.sys.rotate()
            let status = try await api.sys.keyStatus()
            if settings.format == .table { print("Success! Rotated key\n") }
            KeyStatusOutput.emit(status, format: settings.format)
        }
    }
}

/// The key-status rows; the install time is shown as Vault's CLI shows it.
enum KeyStatusOutput {
    static func emit(_ s: KeyStatus, format: OutputFormat) {
        Output.emit(format, json: s.json, rows: [
            ("Key Term", "\(s.term)"), ("Install Time", humanTime(s.installTime)),
            ("Encryption Count", "\(s.encryptions)"),
        ], header: false)
    }

    /// `2026-11-22T09:44:35.02Z` → `22 Nov 26 09:44 UTC`.
    static func humanTime(_ rfc3339: String) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let c = Array(rfc3339)
        guard c.count >= 16, let m = Int(String(c[5..<7])), (1...12).contains(m) else { return rfc3339 }
        return "\(String(c[8..<10])) \(months[m - 1]) \(String(c[2..<4])) \(String(c[11..<16])) UTC"
    }
}
