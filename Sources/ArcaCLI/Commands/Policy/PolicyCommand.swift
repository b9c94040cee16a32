import ArcaAPI
import ArcaWire
import ArgumentParser
import FoundationEssentials
import HCL

/// `arca policy write|read|list|delete`.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Manage ACL policies.",
        subcommands: [
            PolicyWriteCommand.self, PolicyReadCommand.self, PolicyListCommand.self, PolicyDeleteCommand.self,
            PolicyFmtCommand.self,
        ])
}

struct PolicyWriteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "write", abstract: "Write a policy from a file or standard input.")

    @OptionGroup var client: ClientOptions
    @Argument var name: String
    @Argument(help: "A policy file, or - for standard input.") var file: String

    func run() async throws {
        let text: String
        if file == "-" {
            text = KeyValueArguments.readAll() ?? ""
        } else {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            text = String(decoding: data, as: UTF8.self)
        }
        try await withClient(client) { api, _ in
            _ = try await api.logical.write("sys/policies/acl/" + name, data: ["policy": .string(text)])
        }
        print("Success! Uploaded policy: \(name)")
    }
}

struct PolicyReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "read", abstract: "Print a policy.")

    @OptionGroup var client: ClientOptions
    @Argument var name: String

    func run() async throws {
        let found = try await withClient(client) { api, settings -> Bool in
            guard let envelope = try await api.logical.read("sys/policies/acl/" + name) else {
                Output.printError("No policy named: \(name)")
                return false
            }
            if settings.format == .table {
                print(envelope.data["policy"]?.stringValue ?? "")
            } else {
                Output.emit(settings.format, json: envelope.data, rows: [])
            }
            return true
        }
        if !found { throw ExitCode(2) }
    }
}

struct PolicyListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List policies.")

    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await withClient(client) { api, settings in
            let envelope = try await api.logical.list("sys/policies/acl")
            let keys = envelope?.data["keys"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if settings.format == .table { print(keys.joined(separator: "\n")) } else { Output.printJSON(.strings(keys)) }
        }
    }
}

struct PolicyDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a policy.")

    @OptionGroup var client: ClientOptions
    @Argument var name: String

    func run() async throws {
        try await withClient(client) { api, _ in _ = try await api.logical.delete("sys/policies/acl/" + name) }
        print("Success! Deleted policy: \(name)")
    }
}

/// `arca policy fmt FILE`: rewrite a policy file in canonical layout (syntax checked).
struct PolicyFmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fmt", abstract: "Format a policy file in place.")

    @Argument var file: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        let body: HCLBody
        do {
            body = try HCLParser.parse(String(decoding: data, as: UTF8.self), filename: file)
        } catch {
            Output.printError("Error parsing policy: \(error)")
            throw ExitCode(1)
        }
        guard FileManager.default.createFile(atPath: file, contents: Data(HCLFormatter.format(body).utf8)) else {
            throw ValidationError("cannot write \(file)")
        }
        print("Success! Formatted policy: \(file)")
    }
}
