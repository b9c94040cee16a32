import ArcaAPI
import ArcaWire
import ArgumentParser

/// `arca operator rekey`: replace the unseal key shares (needs a root token).
struct OperatorRekeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rekey", abstract: "Generate new unseal key shares.")

    @OptionGroup var client: ClientOptions

    @Flag(name: .customLong("init", withSingleDash: true), help: "Start a rekey.")
    var initialize = false

    @Flag(name: .customLong("status", withSingleDash: true), help: "Show the progress of the current rekey.")
    var status = false

    @Flag(name: .customLong("cancel", withSingleDash: true), help: "Cancel the current rekey.")
    var cancel = false

    @Option(name: .customLong("key-shares", withSingleDash: true), help: "Number of new shares.")
    var keyShares = 5

    @Option(name: .customLong("key-threshold", withSingleDash: true), help: "New threshold.")
    var keyThreshold = 3

    @Option(name: .customLong("nonce", withSingleDash: true), help: "The nonce of the rekey in progress.")
    var nonce: String?

    @Argument(help: "An existing unseal key share; '-' reads standard input.")
    var key: String?

    func run() async throws {
        try await withClient(client) { api, settings in
            if cancel {
                try await api.sys.rekeyCancel()
                print("Success! Canceled rekeying (if it was started)")
            } else if initialize {
                let s = try await api.sys.rekeyInit(RekeyInitRequest(secretShares: keyShares, secretThreshold: keyThreshold))
                Self.emit(s, format: settings.format)
            } else if status {
                Self.emit(try await api.sys.rekeyStatus(), format: settings.format)
            } else {
                let share = try KeyInput.read(key, prompt: "Rekey operation nonce / key (will be hidden): ")
                let current = try await api.sys.rekeyStatus()
                let n = nonce ?? current.nonce
                switch try await api.sys.rekeyUpdate(RekeyUpdateRequest(key: share, nonce: n)) {
                case .progress(let s): Self.emit(s, format: settings.format)
                case .complete(let result): Self.emitResult(result, format: settings.format, threshold: current.threshold)
                }
            }
        }
    }

    static func emit(_ s: RekeyStatus, format: OutputFormat) {
        Output.emit(format, json: s.json, rows: [
            ("Nonce", s.nonce), ("Started", "\(s.started)"), ("Rekey Progress", "\(s.progress)/\(s.required)"),
            ("New Shares", "\(s.shares)"), ("New Threshold", "\(s.threshold)"),
            ("Verification Required", "\(s.verificationRequired)"),
        ])
    }

    static func emitResult(_ r: RekeyResult, format: OutputFormat, threshold: Int) {
        if format != .table {
            Output.emit(format, json: r.json, rows: [])
            return
        }
        var lines = r.keysBase64.enumerated().map { "Key \($0.offset + 1): \($0.element)" }
        lines.append("")
        lines.append("Operation nonce: \(r.nonce)")
        lines.append("")
        lines.append("Arca has new unseal key shares: any \(threshold) of these \(r.keysBase64.count) unseal it.")
        lines.append("The previous shares no longer work. Distribute the new ones to trusted operators.")
        print(lines.joined(separator: "\n"))
    }
}
