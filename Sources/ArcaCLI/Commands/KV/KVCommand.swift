import ArcaAPI
import ArcaWire
import ArgumentParser

/// `arca kv ...`: KV commands that work on version 1 and 2 mounts alike, detecting the version
/// the way the Vault CLI does (`sys/internal/ui/mounts/<path>`).
struct KVCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kv", abstract: "Read and write key/value secrets.",
        subcommands: [
            KVGetCommand.self, KVPutCommand.self, KVPatchCommand.self, KVDeleteCommand.self, KVListCommand.self,
            KVUndeleteCommand.self, KVDestroyCommand.self, KVRollbackCommand.self, KVMetadataCommand.self,
        ])
}

/// Where a KV path lives: its mount and whether that mount is version 2.
struct KVLocation {
    var mount: String
    var relative: String
    var v2: Bool

    static func resolve(_ path: String, api: ArcaClient) async throws -> KVLocation {
        var trimmed = path
        while trimmed.hasPrefix("/") { trimmed.removeFirst() }
        let envelope = try await api.logical.read("sys/internal/ui/mounts/" + trimmed)
        let mount = envelope?.data["path"]?.stringValue ?? ""
        let version = envelope?.data["options"]?["version"]?.stringValue
        let relative = mount.isEmpty ? trimmed : String(trimmed.dropFirst(min(mount.count, trimmed.count)))
        return KVLocation(mount: mount, relative: relative, v2: version == "2")
    }

    func api(_ segment: String) -> String { v2 ? mount + segment + "/" + relative : mount + relative }
}

struct KVGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Read a secret.")

    @OptionGroup var client: ClientOptions
    @Option(name: .customLong("field", withSingleDash: true)) var field: String?
    @Option(name: .customLong("version", withSingleDash: true)) var version: Int?
    @Argument var path: String

    func run() async throws {
        let found = try await withClient(client) { api, settings -> Bool in
            let loc = try await KVLocation.resolve(path, api: api)
            let query = version.map { ["version": String($0)] } ?? [:]
            guard let envelope = try await api.logical.read(loc.api("data"), query: query),
                envelope.data != .null
            else {
                Output.printError("No value found at \(loc.api("data"))")
                return false
            }
            let data = loc.v2 ? envelope.data["data"]?.objectValue : envelope.data.objectValue
            return SecretOutput.emit(envelope, format: settings.format, field: field, data: data ?? [:])
        }
        if !found { throw ExitCode(2) }
    }
}

struct KVPutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "put", abstract: "Write a secret.")

    @OptionGroup var client: ClientOptions
    @Option(name: .customLong("cas", withSingleDash: true)) var cas: Int?
    @Argument var path: String
    @Argument var pairs: [String] = []

    func run() async throws {
        let data = try KeyValueArguments.parse(pairs)
        try await withClient(client) { api, settings in
            let loc = try await KVLocation.resolve(path, api: api)
            var body: [String: JSONValue] = data
            if loc.v2 {
                body = ["data": .object(data)]
                if let cas { body["options"] = ["cas": .int(cas)] }
            }
            if let envelope = try await api.logical.write(loc.api("data"), data: body) {
                SecretOutput.emit(envelope, format: settings.format, field: nil)
            } else {
                print("Success! Data written to: \(loc.api("data"))")
            }
        }
    }
}

struct KVDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a secret (latest version on v2).")

    @OptionGroup var client: ClientOptions
    @Argument var path: String

    func run() async throws {
        let target = try await withClient(client) { api, _ -> String in
            let loc = try await KVLocation.resolve(path, api: api)
            _ = try await api.logical.delete(loc.api("data"))
            return loc.api("data")
        }
        print("Success! Data deleted (if it existed) at: \(target)")
    }
}

struct KVListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List secrets.")

    @OptionGroup var client: ClientOptions
    @Argument var path: String

    func run() async throws {
        let found = try await withClient(client) { api, settings -> Bool in
            let loc = try await KVLocation.resolve(path, api: api)
            guard let envelope = try await api.logical.list(loc.api("metadata")) else {
                Output.printError("No value found at \(loc.api("metadata"))")
                return false
            }
            ListOutput.emit(envelope, format: settings.format)
            return true
        }
        if !found { throw ExitCode(2) }
    }
}
