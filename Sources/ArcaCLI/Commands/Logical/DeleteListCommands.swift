import ArcaAPI
import ArcaWire
import ArgumentParser

/// `arca delete PATH`.
struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete data at a path.")

    @OptionGroup var client: ClientOptions
    @Argument(help: "The path.") var path: String

    func run() async throws {
        try await withClient(client) { api, _ in _ = try await api.logical.delete(path) }
        print("Success! Data deleted (if it existed) at: \(path)")
    }
}

/// `arca list PATH`.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List keys under a path.")

    @OptionGroup var client: ClientOptions
    @Argument(help: "The path.") var path: String

    func run() async throws {
        let found = try await withClient(client) { api, settings -> Bool in
            guard let envelope = try await api.logical.list(path) else {
                Output.printError("No value found at \(path)")
                return false
            }
            ListOutput.emit(envelope, format: settings.format)
            return true
        }
        if !found { throw ExitCode(2) }
    }
}

/// The `Keys` column the Vault CLI prints for lists.
enum ListOutput {
    static func emit(_ envelope: ResponseEnvelope, format: OutputFormat) {
        let keys = envelope.data["keys"]?.arrayValue?.compactMap(\.stringValue) ?? []
        switch format {
        case .json: Output.printJSON(.strings(keys))
        case .yaml: print(keys.map { "- \($0)" }.joined(separator: "\n"))
        case .table: print((["Keys", "----"] + keys).joined(separator: "\n"))
        }
    }
}
