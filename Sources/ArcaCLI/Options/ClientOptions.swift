import ArcaAPI
import ArgumentParser
import FoundationEssentials

/// Flags every client command shares, with Vault's names and environment variables.
struct ClientOptions: ParsableArguments {
    @Option(name: .customLong("address", withSingleDash: true), help: "Server address (ARCA_ADDR, VAULT_ADDR).")
    var address: String?

    @Option(name: .customLong("token", withSingleDash: true), help: "Client token (ARCA_TOKEN, VAULT_TOKEN).")
    var token: String?

    @Option(name: .customLong("format", withSingleDash: true), help: "Output format: table, json or yaml.")
    var format: String?

    @Flag(name: .customLong("tls-skip-verify", withSingleDash: true), help: "Do not verify the server certificate.")
    var tlsSkipVerify = false

    @Option(name: .customLong("ca-cert", withSingleDash: true), help: "PEM file of CA certificates to trust.")
    var caCert: String?

    /// The effective settings after flags, then environment, then defaults.
    func resolve(environment rawEnvironment: [String: String], home: String?) throws -> ResolvedClientSettings {
        // An empty variable counts as unset, as in the Vault CLI.
        let environment = rawEnvironment.filter { !$0.value.isEmpty }
        let addr = address ?? environment["ARCA_ADDR"] ?? environment["VAULT_ADDR"] ?? "https://127.0.0.1:8200"
        var tok = token ?? environment["ARCA_TOKEN"] ?? environment["VAULT_TOKEN"]
        if tok == nil, let home {
            tok = TokenFile.read(home + "/.arca-token") ?? TokenFile.read(home + "/.vault-token")
        }
        let fmt = (format ?? environment["ARCA_FORMAT"] ?? environment["VAULT_FORMAT"] ?? "table").lowercased()
        guard let outputFormat = OutputFormat(rawValue: fmt) else {
            throw ValidationError("Invalid output format: \(fmt)")
        }
        let skip = tlsSkipVerify || ["1", "true"].contains(environment["VAULT_SKIP_VERIFY"] ?? "")
        return ResolvedClientSettings(
            address: addr, token: tok, format: outputFormat,
            tls: .init(caCertificateFile: caCert ?? environment["VAULT_CACERT"], skipVerify: skip))
    }

    /// A client built from the process environment.
    func makeClient() throws -> (ArcaClient, ResolvedClientSettings) {
        let env = ProcessInfo.processInfo.environment
        let settings = try resolve(environment: env, home: env["HOME"])
        return (try ArcaClient(address: settings.address, token: settings.token, tls: settings.tls), settings)
    }
}

/// Client settings after precedence is applied.
struct ResolvedClientSettings: Equatable {
    var address: String
    var token: String?
    var format: OutputFormat
    var tls: ArcaClient.TLSOptions
}

extension ArcaClient.TLSOptions: Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        a.caCertificateFile == b.caCertificateFile && a.skipVerify == b.skipVerify
    }
}

/// The token helper file (`~/.vault-token`).
enum TokenFile {
    static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var text = Substring(String(decoding: data, as: UTF8.self))
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return text.isEmpty ? nil : String(text)
    }
}

/// `-format`.
enum OutputFormat: String {
    case table, json, yaml
}
