import ArcaAPI
import ArcaWire
import ArgumentParser

/// KV version 2 commands that act on versions: patch, undelete, destroy, rollback.
struct KVPatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "patch", abstract: "Merge new fields into a secret (v2).")

    @OptionGroup var client: ClientOptions
    @Argument var path: String
    @Argument var pairs: [String] = []

    func run() async throws {
        let data = try KeyValueArguments.parse(pairs)
        try await withClient(client) { api, settings in
            let loc = try await KVLocation.requireV2(path, api: api, command: "patch")
            if let envelope = try await api.logical.patch(loc.api("data"), data: ["data": .object(data)]) {
                SecretOutput.emit(envelope, format: settings.format, field: nil)
            }
        }
    }
}

/// `undelete` and `destroy` share their shape: a list of versions at a path.
struct KVVersionsAction {
    static func run(_ client: ClientOptions, path: String, versions: String, segment: String, verb: String) async throws {
        let list = versions.split(separator: ",").map { JSONValue.string(String($0).trimmingCharacters()) }
        guard !list.isEmpty else { throw ValidationError("no versions given: use -versions=1,2") }
        let target = try await withClient(client) { api, _ -> String in
            let loc = try await KVLocation.requireV2(path, api: api, command: verb)
            _ = try await api.logical.write(loc.api(segment), data: ["versions": .array(list)])
            return loc.api(segment)
        }
        print("Success! Data written to: \(target)")
    }
}

struct KVUndeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "undelete", abstract: "Restore soft-deleted versions (v2).")

    @OptionGroup var client: ClientOptions
    @Option(name: .customLong("versions", withSingleDash: true)) var versions = ""
    @Argument var path: String

    func run() async throws {
        try await KVVersionsAction.run(client, path: path, versions: versions, segment: "undelete", verb: "undelete")
    }
}

struct KVDestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "destroy", abstract: "Permanently remove versions (v2).")

    @OptionGroup var client: ClientOptions
    @Option(name: .customLong("versions", withSingleDash: true)) var versions = ""
    @Argument var path: String

    func run() async throws {
        try await KVVersionsAction.run(client, path: path, versions: versions, segment: "destroy", verb: "destroy")
    }
}

struct KVRollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rollback", abstract: "Write an old version again as the newest (v2).")

    @OptionGroup var client: ClientOptions
    @Option(name: .customLong("version", withSingleDash: true)) var version: Int
    @Argument var path: String

    func run() async throws {
        try await withClient(client) { api, settings in
            let loc = try await KVLocation.requireV2(path, api: api, command: "rollback")
            guard let meta = try await api.logical.read(loc.api("metadata")),
                let current = meta.data["current_version"]?.int64Value
            else { throw ValidationError("no secret at \(path)") }
            guard let old = try await api.logical.read(loc.api("data"), query: ["version": String(version)]),
                case .object(let data)? = old.data["data"]
            else { throw ValidationError("version \(version) of \(path) is deleted, destroyed or missing") }
            let body: [String: JSONValue] = ["data": .object(data), "options": ["cas": .number(JSONNumber(current))]]
            if let envelope = try await api.logical.write(loc.api("data"), data: body) {
                SecretOutput.emit(envelope, format: settings.format, field: nil)
            }
        }
    }
}

extension KVLocation {
    static func requireV2(_ path: String, api: ArcaClient, command: String) async throws -> KVLocation {
        let loc = try await resolve(path, api: api)
        guard loc.v2 else { throw ValidationError("\(command) is only supported on KV version 2 mounts") }
        return loc
    }
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
