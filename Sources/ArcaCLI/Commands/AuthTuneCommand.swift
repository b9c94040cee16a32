import ArcaAPI
import ArcaWire
import ArgumentParser

/// `arca auth tune [flags] <path>`: like `bao auth tune`, it writes `sys/mounts/auth/<path>/tune`
/// (which, unlike `sys/auth/<path>/tune`, needs no `sudo`).
struct AuthTuneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tune", abstract: "Change an auth method's settings.")

    @OptionGroup var client: ClientOptions
    @OptionGroup var tune: TuneOptions
    @Option(name: .customLong("token-type", withSingleDash: true),
            help: "The token type logins issue: default-service, default-batch, service or batch.")
    var tokenType: String?
    @Argument var path: String

    /// The mount path without slashes at either end, e.g. `token`.
    var mount: String {
        var p = Substring(path)
        while p.hasPrefix("/") { p = p.dropFirst() }
        while p.hasSuffix("/") { p = p.dropLast() }
        return String(p)
    }

    func body() throws -> [String: JSONValue] {
        var body = try tune.body()
        if let tokenType { body["token_type"] = .string(tokenType) }
        return body
    }

    func run() async throws {
        let body = try body()
        try await withClient(client) { api, _ in _ = try await api.logical.write("sys/mounts/auth/\(mount)/tune", data: body) }
        print("Success! Tuned the auth method at: \(mount)/")
    }
}
