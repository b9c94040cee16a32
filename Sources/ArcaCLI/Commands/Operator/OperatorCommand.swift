import ArgumentParser

/// `arca operator ...`: operations on the server itself.
struct OperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator", abstract: "Initialize, unseal, seal, rotate and rekey the server.",
        subcommands: [
            OperatorInitCommand.self, OperatorUnsealCommand.self, OperatorSealCommand.self,
            OperatorKeyStatusCommand.self, OperatorRotateCommand.self, OperatorRekeyCommand.self,
        ])
}
