import ArcaAPI
import ArgumentParser

/// `arca read PATH`: read any path.
struct ReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "read", abstract: "Read data at a path.")

    @OptionGroup var client: ClientOptions
    @Option(name: .customLong("field", withSingleDash: true), help: "Print only this field.") var field: String?
    @Argument(help: "The path, e.g. secret/data/app.") var path: String

    func run() async throws {
        let found = try await withClient(client) { api, settings -> Bool in
            guard let envelope = try await api.logical.read(path) else {
                Output.printError("No value found at \(path)")
                return false
            }
            return SecretOutput.emit(envelope, format: settings.format, field: field)
        }
        if !found { throw ExitCode(2) }
    }
}
