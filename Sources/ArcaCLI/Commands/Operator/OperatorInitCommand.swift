import ArcaAPI
import ArcaWire
import ArgumentParser

/// `arca operator init`: create the root key and print the unseal key shares and root token.
struct OperatorInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Initialize a new server.")

    @OptionGroup var client: ClientOptions

    @Option(name: .customLong("key-shares", withSingleDash: true), help: "Number of unseal key shares.")
    var keyShares = 5

    @Option(name: .customLong("key-threshold", withSingleDash: true), help: "Shares needed to unseal.")
    var keyThreshold = 3

    @Option(name: .customLong("recovery-shares", withSingleDash: true), help: "Recovery shares (auto-unseal seals).")
    var recoveryShares = 0

    @Option(name: .customLong("recovery-threshold", withSingleDash: true), help: "Recovery threshold.")
    var recoveryThreshold = 0

    @Flag(name: .customLong("status", withSingleDash: true), help: "Only report whether the server is initialized (exit 0 yes, 2 no).")
    var status = false

    func run() async throws {
        if status {
            let initialized = try await withClient(client) { api, _ in try await api.sys.initStatus() }
            print(initialized ? "Arca is initialized" : "Arca is not initialized")
            if !initialized { throw ExitCode(2) }
            return
        }
        try await withClient(client) { api, settings in
            let response = try await api.sys.initialize(
                InitRequest(secretShares: keyShares, secretThreshold: keyThreshold, recoveryShares: recoveryShares,
                            recoveryThreshold: recoveryThreshold))
            switch settings.format {
            case .json: Output.printJSON(Self.json(response, shares: keyShares, threshold: keyThreshold))
            case .yaml: print(Output.yaml(Self.json(response, shares: keyShares, threshold: keyThreshold)))
            case .table: print(Self.text(response, threshold: keyThreshold))
            }
        }
    }

    static func json(_ r: InitResponse, shares: Int, threshold: Int) -> JSONValue {
        [
            "unseal_keys_b64": .strings(r.keysBase64), "unseal_keys_hex": .strings(r.keys),
            "unseal_shares": .int(shares), "unseal_threshold": .int(threshold),
            "recovery_keys_b64": .strings(r.recoveryKeysBase64 ?? []), "recovery_keys_hex": .strings(r.recoveryKeys ?? []),
            "recovery_keys_shares": 0, "recovery_keys_threshold": 0, "root_token": .string(r.rootToken),
        ]
    }

    static func text(_ r: InitResponse, threshold: Int) -> String {
        var lines = r.keysBase64.enumerated().map { "Unseal Key \($0.offset + 1): \($0.element)" }
        lines.append("")
        lines.append("Initial Root Token: \(r.rootToken)")
        lines.append("")
        lines.append(
            """
            Arca is initialized with \(r.keysBase64.count) key shares; any \(threshold) of them unseal it.
            Give each share to a different trusted operator and store them apart: Arca keeps
            no copy, and without \(threshold) shares a sealed server cannot be opened again.
            Every restart starts sealed; unseal it with "arca operator unseal".

            The root token can do anything. Use it to set up authentication and policies,
            then revoke it.
            """)
        return lines.joined(separator: "\n")
    }
}
