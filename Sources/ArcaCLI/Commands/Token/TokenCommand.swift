import ArcaAPI
import ArcaWire
import ArgumentParser

/// `arca token create|lookup|revoke|capabilities`.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create, inspect and revoke tokens.",
        subcommands: [
            TokenCreateCommand.self, TokenLookupCommand.self, TokenRenewCommand.self, TokenRevokeCommand.self,
            TokenCapabilitiesCommand.self,
        ])
}

struct TokenRenewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "renew", abstract: "Extend a token's life.")

    @OptionGroup var client: ClientOptions
    @Option(name: .customLong("increment", withSingleDash: true)) var increment: String?
    @Argument var token: String?

    func run() async throws {
        var body: [String: JSONValue] = [:]
        if let increment { body["increment"] = .string(increment) }
        try await withClient(client) { api, settings in
            let envelope: ResponseEnvelope?
            if let token {
                body["token"] = .string(token)
                envelope = try await api.logical.write("auth/token/renew", data: body)
            } else {
                envelope = try await api.logical.write("auth/token/renew-self", data: body)
            }
            if let envelope { SecretOutput.emit(envelope, format: settings.format, field: nil, data: [:]) }
        }
    }
}

struct TokenCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a token.")

    @OptionGroup var client: ClientOptions
    @Option(name: .customLong("policy", withSingleDash: true)) var policies: [String] = []
    @Option(name: .customLong("ttl", withSingleDash: true)) var ttl: String?
    @Option(name: .customLong("use-limit", withSingleDash: true)) var useLimit: Int?
    @Option(name: .customLong("display-name", withSingleDash: true)) var displayName: String?
    @Flag(name: .customLong("orphan", withSingleDash: true)) var orphan = false
    @Option(name: .customLong("field", withSingleDash: true)) var field: String?

    func run() async throws {
        var body: [String: JSONValue] = [:]
        if !policies.isEmpty { body["policies"] = .strings(policies) }
        if let ttl { body["ttl"] = .string(ttl) }
        if let useLimit { body["num_uses"] = .int(useLimit) }
        if let displayName { body["display_name"] = .string(displayName) }
        try await withClient(client) { api, settings in
            let path = orphan ? "auth/token/create-orphan" : "auth/token/create"
            guard let envelope = try await api.logical.write(path, data: body) else { return }
            SecretOutput.emit(envelope, format: settings.format, field: field, data: [:])
        }
    }
}

struct TokenLookupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lookup", abstract: "Show a token's properties.")

    @OptionGroup var client: ClientOptions
    @Argument var token: String?

    func run() async throws {
        try await withClient(client) { api, settings in
            let envelope: ResponseEnvelope?
            if let token {
                envelope = try await api.logical.write("auth/token/lookup", data: ["token": .string(token)])
            } else {
                envelope = try await api.logical.read("auth/token/lookup-self")
            }
            if let envelope { SecretOutput.emit(envelope, format: settings.format, field: nil) }
        }
    }
}

struct TokenRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token and its children.")

    @OptionGroup var client: ClientOptions
    @Flag(name: .customLong("self", withSingleDash: true)) var revokeSelf = false
    @Argument var token: String?

    func run() async throws {
        // Revoking the caller's own token must be asked for explicitly (-self).
        guard revokeSelf || token != nil else { throw ValidationError("give a token to revoke, or -self") }
        try await withClient(client) { api, _ in
            if let token, !revokeSelf {
                _ = try await api.logical.write("auth/token/revoke", data: ["token": .string(token)])
            } else {
                _ = try await api.logical.write("auth/token/revoke-self", data: [:])
            }
        }
        print("Success! Revoked token (if it existed)")
    }
}

struct TokenCapabilitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "capabilities", abstract: "A token's capabilities on a path.")

    @OptionGroup var client: ClientOptions
    @Argument var first: String
    @Argument var second: String?

    func run() async throws {
        try await withClient(client) { api, _ in
            let (path, token) = second.map { ($0, Optional(first)) } ?? (first, nil)
            let envelope: ResponseEnvelope?
            if let token {
                envelope = try await api.logical.write("sys/capabilities", data: ["token": .string(token), "paths": .strings([path])])
            } else {
                envelope = try await api.logical.write("sys/capabilities-self", data: ["paths": .strings([path])])
            }
            let caps = envelope?.data[path]?.arrayValue?.compactMap(\.stringValue) ?? []
            print(caps.sorted().joined(separator: ", "))
        }
    }
}
