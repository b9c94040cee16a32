import ArcaAPI
import ArcaWire
import ArgumentParser

/// `arca secrets enable|disable|list`.
struct SecretsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets", abstract: "Manage secrets engines.",
        subcommands: [
            SecretsEnableCommand.self, SecretsDisableCommand.self, SecretsListCommand.self, SecretsTuneCommand.self,
            SecretsMoveCommand.self,
        ])
}

struct SecretsTuneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tune", abstract: "Change a secrets engine's settings.")

    @OptionGroup var client: ClientOptions
    @OptionGroup var tune: TuneOptions
    @Option(name: .customLong("version", withSingleDash: true), help: "Shorthand for -options=version=<n>.")
    var version: Int?
    @Argument var path: String

    func body() throws -> [String: JSONValue] {
        var body = try tune.body()
        if let version {
            var options = body["options"]?.objectValue ?? [:]
            options["version"] = .string(String(version))
            body["options"] = .object(options)
        }
        return body
    }

    func run() async throws {
        let body = try body()
        try await withClient(client) { api, _ in _ = try await api.logical.write("sys/mounts/\(path)/tune", data: body) }
        print("Success! Tuned the secrets engine at: \(path.hasSuffix("/") ? path : path + "/")")
    }
}

struct SecretsMoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "move", abstract: "Move a secrets engine to a new path.")

    @OptionGroup var client: ClientOptions
    @Argument var source: String
    @Argument var destination: String

    func run() async throws {
        try await withClient(client) { api, _ in
            _ = try await api.logical.write("sys/remount", data: ["from": .string(source), "to": .string(destination)])
        }
        print("Success! Finished moving secrets engine \(source) to \(destination)")
    }
}

struct SecretsEnableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable a secrets engine.")

    @OptionGroup var client: ClientOptions
    @Option(name: .customLong("path", withSingleDash: true)) var path: String?
    @Option(name: .customLong("description", withSingleDash: true)) var description = ""
    @Option(name: .customLong("version", withSingleDash: true)) var version: Int?
    @Argument var type: String

    func run() async throws {
        let mount = path ?? type
        var body: [String: JSONValue] = ["type": .string(type), "description": .string(description)]
        if let version { body["options"] = ["version": .string(String(version))] }
        try await withClient(client) { api, _ in _ = try await api.logical.write("sys/mounts/" + mount, data: body) }
        print("Success! Enabled the \(type) secrets engine at: \(mount.hasSuffix("/") ? mount : mount + "/")")
    }
}

struct SecretsDisableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: "Disable a secrets engine.")

    @OptionGroup var client: ClientOptions
    @Argument var path: String

    func run() async throws {
        try await withClient(client) { api, _ in _ = try await api.logical.delete("sys/mounts/" + path) }
        print("Success! Disabled the secrets engine (if it existed) at: \(path.hasSuffix("/") ? path : path + "/")")
    }
}

struct SecretsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List secrets engines.")

    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await withClient(client) { api, settings in
            guard let envelope = try await api.logical.read("sys/mounts"), case .object(let mounts) = envelope.data else { return }
            if settings.format != .table {
                Output.emit(settings.format, json: envelope.data, rows: [])
                return
            }
            let rows = mounts.keys.sorted().map { path -> [String] in
                let m = mounts[path]!
                return [path, m["type"]?.stringValue ?? "", m["accessor"]?.stringValue ?? "", m["description"]?.stringValue ?? ""]
            }
            print(ColumnTable.render(header: ["Path", "Type", "Accessor", "Description"], rows: rows))
        }
    }
}

/// Multi-column tables (`secrets list`), columns padded by four spaces like the Vault CLI, which
/// also prints an empty cell as `n/a`.
enum ColumnTable {
    static func render(header: [String], rows: [[String]]) -> String {
        let cells = rows.map { $0.map { $0.isEmpty ? "n/a" : $0 } }
        let all = [header, header.map { String(repeating: "-", count: $0.count) }] + cells
        let widths = header.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count + 4)
            }.joined()
        }.joined(separator: "\n")
    }
}
