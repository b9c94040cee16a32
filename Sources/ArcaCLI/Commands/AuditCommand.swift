import ArcaAPI
import ArcaWire
import ArgumentParser

/// `arca audit enable|disable|list`.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Manage audit devices.",
        subcommands: [AuditListCommand.self, AuditEnableCommand.self, AuditDisableCommand.self])
}

struct AuditListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List enabled audit devices.")

    @OptionGroup var client: ClientOptions
    @Flag(name: .customLong("detailed", withSingleDash: true), help: "Show options and replication.") var detailed = false

    func run() async throws {
        try await withClient(client) { api, settings in
            guard let envelope = try await api.logical.read("sys/audit"), case .object(let devices) = envelope.data else {
                return
            }
            if settings.format != .table {
                Output.emit(settings.format, json: envelope.data, rows: [])
                return
            }
            guard !devices.isEmpty else {
                print("No audit devices are enabled.")
                return
            }
            print(Self.table(devices, detailed: detailed))
        }
    }

    /// The Vault CLI's columns: path, type, description (`n/a` when empty); with `-detailed`
    /// also replication and the options as sorted `key=value` pairs.
    static func table(_ devices: [String: JSONValue], detailed: Bool) -> String {
        let rows = devices.keys.sorted().map { path -> [String] in
            let d = devices[path]!
            let description = d["description"]?.stringValue ?? ""
            var row = [path, d["type"]?.stringValue ?? "", description.isEmpty ? "n/a" : description]
            if detailed {
                let options = d["options"]?.objectValue ?? [:]
                row.append(d["local"]?.boolValue == true ? "local" : "replicated")
                row.append(options.keys.sorted().map { "\($0)=\(options[$0]?.stringValue ?? "")" }.joined(separator: " "))
            }
            return row
        }
        let header = detailed ? ["Path", "Type", "Description", "Replication", "Options"] : ["Path", "Type", "Description"]
        return ColumnTable.render(header: header, rows: rows)
    }
}

struct AuditEnableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable", abstract: "Enable an audit device: arca audit enable file file_path=/var/log/arca-audit.log")

    @OptionGroup var client: ClientOptions
    @Option(name: .customLong("path", withSingleDash: true)) var path: String?
    @Option(name: .customLong("description", withSingleDash: true)) var description = ""
    @Flag(name: .customLong("local", withSingleDash: true)) var local = false
    @Argument var type: String
    @Argument(help: "Device options as key=value.") var options: [String] = []

    func run() async throws {
        let mount = path ?? type
        let parsed = try KeyValueArguments.parse(options)
        let body: [String: JSONValue] = [
            "type": .string(type), "description": .string(description), "local": .bool(local), "options": .object(parsed),
        ]
        try await withClient(client) { api, _ in _ = try await api.logical.write("sys/audit/" + mount, data: body) }
        print("Success! Enabled the \(type) audit device at: \(mount.hasSuffix("/") ? mount : mount + "/")")
    }
}

struct AuditDisableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: "Disable an audit device.")

    @OptionGroup var client: ClientOptions
    @Argument var path: String

    func run() async throws {
        try await withClient(client) { api, _ in _ = try await api.logical.delete("sys/audit/" + path) }
        print("Success! Disabled audit device (if it was enabled) at: \(path.hasSuffix("/") ? path : path + "/")")
    }
}
