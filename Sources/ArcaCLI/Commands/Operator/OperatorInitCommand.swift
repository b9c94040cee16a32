import ArcaAPI
import ArcaWire
import ArgumentParser

/// `arca operator init`: create the root key and print the unseal key shares (or, with an
/// auto-unseal seal, the recovery key shares) and root token.
struct OperatorInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Initialize a new server.")

    @OptionGroup var client: ClientOptions

    @Option(name: .customLong("key-shares", withSingleDash: true), help: "Number of unseal key shares.")
    var keyShares = 5

    @Option(name: .customLong("key-threshold", withSingleDash: true), help: "Shares needed to unseal.")
    var keyThreshold = 3

    @Option(name: .customLong("recovery-shares", withSingleDash: true), help: "Recovery key shares (auto-unseal seals).")
    var recoveryShares = 5

    @Option(name: .customLong("recovery-threshold", withSingleDash: true), help: "Recovery shares needed (auto-unseal seals).")
    var recoveryThreshold = 3

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
            // An auto-unseal seal holds the root key; operators get recovery keys instead.
            let recovery = try await api.sys.sealStatus().recoverySeal
            let request =
                recovery
                ? InitRequest(secretShares: 0, secretThreshold: 0, recoveryShares: recoveryShares, recoveryThreshold: recoveryThreshold)
                : InitRequest(secretShares: keyShares, secretThreshold: keyThreshold)
            let response = try await api.sys.initialize(request)
            let json = Self.json(response, request: request)
            switch settings.format {
            case .json: Output.printJSON(json)
            case .yaml: print(Output.yaml(json))
            case .table: print(recovery ? Self.recoveryText(response, threshold: recoveryThreshold) : Self.text(response, threshold: keyThreshold))
            }
        }
    }

    static func json(_ r: InitResponse, request: InitRequest) -> JSONValue {
        let recovery = request.secretShares == 0
        return [
            "unseal_keys_b64": .strings(r.keysBase64), "unseal_keys_hex": .strings(r.keys),
            "unseal_shares": .int(recovery ? 1 : request.secretShares), "unseal_threshold": .int(recovery ? 1 : request.secretThreshold),
            "recovery_keys_b64": .strings(r.recoveryKeysBase64 ?? []), "recovery_keys_hex": .strings(r.recoveryKeys ?? []),
            "recovery_keys_shares": .int(request.recoveryShares), "recovery_keys_threshold": .int(request.recoveryThreshold),
            "root_token": .string(r.rootToken),
        ]
    }

    static func recoveryText(_ r: InitResponse, threshold: Int) -> String {
        var lines = (r.recoveryKeysBase64 ?? []).enumerated().map { "Recovery Key \($0.offset + 1): \($0.element)" }
        lines.append("")
        lines.append("Initial Root Token: \(r.rootToken)")
        lines.append("")
        lines.append(
            """
            Arca is initialized and unsealed by its seal; it will unseal itself at every start
            while the seal's service answers. The \(r.recoveryKeysBase64?.count ?? 0) recovery key shares above
            (any \(threshold) of them) unseal it after a manual seal and authorize a seal migration;
            they cannot decrypt anything on their own. Give each to a different trusted operator.
            """)
        return lines.joined(separator: "\n")
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
