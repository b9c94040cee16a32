import ArcaAPI
import ArcaWire
import ArgumentParser

/// `arca kv metadata get|put|delete` (v2).
struct KVMetadataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metadata", abstract: "Read and write a secret's metadata (v2).",
        subcommands: [KVMetadataGetCommand.self, KVMetadataPutCommand.self, KVMetadataDeleteCommand.self])
}

struct KVMetadataGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Show a secret's metadata and versions.")

    @OptionGroup var client: ClientOptions
    @Argument var path: String

    func run() async throws {
        let found = try await withClient(client) { api, settings -> Bool in
            let loc = try await KVLocation.requireV2(path, api: api, command: "metadata get")
            guard let envelope = try await api.logical.read(loc.api("metadata")) else {
                Output.printError("No value found at \(loc.api("metadata"))")
                return false
            }
            return SecretOutput.emit(envelope, format: settings.format, field: nil)
        }
        if !found { throw ExitCode(2) }
    }
}

struct KVMetadataPutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "put", abstract: "Set a secret's metadata.")

    @OptionGroup var client: ClientOptions
    @Option(name: .customLong("max-versions", withSingleDash: true)) var maxVersions: Int?
    @Option(name: .customLong("cas-required", withSingleDash: true)) var casRequired: Bool?
    @Option(name: .customLong("delete-version-after", withSingleDash: true)) var deleteVersionAfter: String?
    @Option(name: .customLong("custom-metadata", withSingleDash: true)) var customMetadata: [String] = []
    @Argument var path: String

    func run() async throws {
        var body: [String: JSONValue] = [:]
        if let maxVersions { body["max_versions"] = .int(maxVersions) }
        if let casRequired { body["cas_required"] = .bool(casRequired) }
        if let deleteVersionAfter { body["delete_version_after"] = .string(deleteVersionAfter) }
        if !customMetadata.isEmpty { body["custom_metadata"] = .object(try KeyValueArguments.parse(customMetadata)) }
        let target = try await withClient(client) { api, _ -> String in
            let loc = try await KVLocation.requireV2(path, api: api, command: "metadata put")
            _ = try await api.logical.write(loc.api("metadata"), data: body)
            return loc.api("metadata")
        }
        print("Success! Data written to: \(target)")
    }
}

struct KVMetadataDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a secret and all its versions.")

    @OptionGroup var client: ClientOptions
    @Argument var path: String

    func run() async throws {
        let target = try await withClient(client) { api, _ -> String in
            let loc = try await KVLocation.requireV2(path, api: api, command: "metadata delete")
            _ = try await api.logical.delete(loc.api("metadata"))
            return loc.api("metadata")
        }
        print("Success! Data deleted (if it existed) at: \(target)")
    }
}
