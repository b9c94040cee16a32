import ArcaAPI
import ArcaWire
import ArgumentParser
import FoundationEssentials

/// `arca login [-method=M] [-path=P] [TOKEN | key=value ...]`: authenticate and store the token in
/// `~/.arca-token` for later commands (`-no-store` and `-token-only` skip that).
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login", abstract: "Authenticate with a token or an auth method (userpass, approle, jwt, kubernetes).")

    @OptionGroup var client: ClientOptions
    @Option(name: .customLong("method", withSingleDash: true), help: "token, userpass, approle, jwt or kubernetes.")
    var method = "token"
    @Option(name: .customLong("path", withSingleDash: true), help: "Mount path of the auth method (default: its name).")
    var path: String?
    @Flag(name: .customLong("no-store", withSingleDash: true), help: "Do not store the token.") var noStore = false
    @Flag(name: .customLong("token-only", withSingleDash: true), help: "Print only the token; do not store it.")
    var tokenOnly = false
    @Option(name: .customLong("field", withSingleDash: true), help: "Print only this field.") var field: String?
    @Argument(help: "The token (token method) or key=value pairs.") var arguments: [String] = []

    static let stored = """
        Success! You are now authenticated. The token information displayed below is
        already stored in the token helper. You do NOT need to run "arca login" again.
        Future requests will automatically use this token.
        """
    static let notStored = """
        Success! You are now authenticated. The token was not stored in the token helper.
        Set the ARCA_TOKEN environment variable or pass the token below with each request.
        """

    func run() async throws {
        let envelope: ResponseEnvelope
        let token: String
        if method == "token" {
            token = try KeyInput.read(arguments.first, prompt: "Token (will be hidden): ")
            var options = client
            options.token = token
            let looked = try await withClient(options) { api, _ in try await api.logical.read("auth/token/lookup-self") }
            let d = looked?.data.objectValue ?? [:]
            envelope = ResponseEnvelope(requestID: looked?.requestID ?? "", auth: .object([
                "client_token": .string(token), "accessor": d["accessor"] ?? "", "lease_duration": d["ttl"] ?? 0,
                "renewable": d["renewable"] ?? false, "policies": d["policies"] ?? [], "token_policies": d["policies"] ?? [],
                "metadata": d["meta"] ?? .null,
            ]))
        } else {
            guard let login = LoginMethod.named(method) else {
                Output.printError("Unknown auth method: \(method). Use \"arca auth list\" to see the complete list of auth methods.")
                throw ExitCode(1)
            }
            let (requestPath, body) = try login.request(
                path: path, arguments: try KeyValueArguments.parse(arguments), prompt: { try KeyInput.read(nil, prompt: $0) })
            var options = client
            options.token = nil
            let answered = try await withClient(options) { api, _ in try await api.logical.write(requestPath, data: body) }
            guard let answered, let id = answered.auth["client_token"]?.stringValue else {
                throw ValidationError("the server answered without a token")
            }
            envelope = answered
            token = id
        }
        let store = !noStore && !tokenOnly
        if store { try Self.store(token) }
        if tokenOnly {
            print(token, terminator: "")
            return
        }
        let settings = try client.resolve(environment: ProcessInfo.processInfo.environment, home: nil)
        if let field {
            guard SecretOutput.emit(envelope, format: settings.format, field: field) else { throw ExitCode(1) }
            return
        }
        if settings.format == .table { print((store ? Self.stored : Self.notStored) + "\n") }
        SecretOutput.emit(envelope, format: settings.format, field: nil)
    }

    static func store(_ token: String) throws {
        guard let home = ProcessInfo.processInfo.environment["HOME"] else { throw ValidationError("HOME is not set") }
        let path = home + "/.arca-token"
        guard FileManager.default.createFile(atPath: path, contents: Data(token.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ValidationError("cannot write \(path)")
        }
    }
}
