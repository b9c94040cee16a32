import ArcaAPI
import ArgumentParser

/// `arca write PATH key=value...`: write to any path (`PUT`).
struct WriteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "write", abstract: "Write data to a path.")

    @OptionGroup var client: ClientOptions
    @Option(name: .customLong("field", withSingleDash: true), help: "Print only this field of the response.") var field: String?
    @Flag(name: [.customShort("f"), .customLong("force", withSingleDash: true)], help: "Write even without data.")
    var force = false
    @Argument(help: "The path.") var path: String
    @Argument(help: "key=value pairs; key=@file; - for a JSON object on standard input.") var pairs: [String] = []

    func run() async throws {
        if pairs.isEmpty && !force {
            Output.printError("Must supply data or use -force")
            throw ExitCode(1)
        }
        let data = try KeyValueArguments.parse(pairs)
        try await withClient(client) { api, settings in
            if let envelope = try await api.logical.write(path, data: data) {
                SecretOutput.emit(envelope, format: settings.format, field: field)
            } else {
                print("Success! Data written to: \(path)")
            }
        }
    }
}

/// `arca patch PATH key=value...`.
struct PatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "patch", abstract: "Patch data at a path.")

    @OptionGroup var client: ClientOptions
    @Argument(help: "The path.") var path: String
    @Argument(help: "key=value pairs.") var pairs: [String] = []

    func run() async throws {
        let data = try KeyValueArguments.parse(pairs)
        try await withClient(client) { api, settings in
            if let envelope = try await api.logical.patch(path, data: data) {
                SecretOutput.emit(envelope, format: settings.format, field: nil)
            } else {
                print("Success! Data written to: \(path)")
            }
        }
    }
}
