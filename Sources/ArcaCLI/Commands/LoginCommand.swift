import ArcaAPI
import ArcaWire
import ArgumentParser
import FoundationEssentials

/// `arca login [TOKEN]`: check a token and store it in `~/.arca-token` for later commands.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "login", abstract: "Authenticate with a token.")

    @OptionGroup var client: ClientOptions
    @Option(name: .customLong("method", withSingleDash: true), help: "Only token is available for now.") var method = "token"
    @Argument var token: String?

    func run() async throws {
        guard method == "token" else { throw ValidationError("login method \(method) is not available yet") }
        let value = try KeyInput.read(token, prompt: "Token (will be hidden): ")
        var options = client
        options.token = value
        let policies = try await withClient(options) { api, _ -> [String] in
            let envelope = try await api.logical.read("auth/token/lookup-self")
            return envelope?.data["policies"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        guard let home = ProcessInfo.processInfo.environment["HOME"] else { throw ValidationError("HOME is not set") }
        let path = home + "/.arca-token"
        guard FileManager.default.createFile(atPath: path, contents: Data(value.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ValidationError("cannot write \(path)")
        }
        print("Success! You are now authenticated. The token is stored in \(path).")
        print(TableFormatter.render([("token_policies", "[" + policies.joined(separator: " ") + "]")]))
    }
}
