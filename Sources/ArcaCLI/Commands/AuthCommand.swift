import ArcaAPI
import ArcaWire
import ArgumentParser

/// `arca auth list|enable|disable|tune`.
struct AuthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth", abstract: "Manage auth methods.",
        subcommands: [AuthListCommand.self, AuthEnableCommand.self, AuthDisableCommand.self, AuthTuneCommand.self])
}

struct AuthListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List enabled auth methods.")

    @OptionGroup var client: ClientOptions
    @Flag(name: .customLong("detailed", withSingleDash: true), help: "Show TTLs, token type, uuid, versions and more.")
    var detailed = false

    func run() async throws {
        try await withClient(client) { api, settings in
            guard let envelope = try await api.logical.read("sys/auth"), case .object(let methods) = envelope.data else { return }
            if settings.format != .table {
                Output.emit(settings.format, json: envelope.data, rows: [])
                return
            }
            let header = detailed ? AuthListRows.detailedHeader : AuthListRows.header
            print(ColumnTable.render(header: header, rows: AuthListRows.rows(methods, detailed: detailed)))
        }
    }
}

struct AuthEnableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable an auth method.")

    @OptionGroup var client: ClientOptions
    @Option(name: .customLong("path", withSingleDash: true)) var path: String?
    @Option(name: .customLong("description", withSingleDash: true)) var description = ""
    @Argument var type: String

    func run() async throws {
        let mount = path ?? type
        try await withClient(client) { api, _ in
            _ = try await api.logical.write("sys/auth/" + mount, data: ["type": .string(type), "description": .string(description)])
        }
        print("Success! Enabled \(type) auth method at: \(mount.hasSuffix("/") ? mount : mount + "/")")
    }
}

struct AuthDisableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: "Disable an auth method.")

    @OptionGroup var client: ClientOptions
    @Argument var path: String

    func run() async throws {
        try await withClient(client) { api, _ in _ = try await api.logical.delete("sys/auth/" + path) }
        print("Success! Disabled the auth method (if it existed) at: \(path.hasSuffix("/") ? path : path + "/")")
    }
}
