import ArgumentParser

/// The root of the `arca` command tree.
package struct ArcaCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "arca",
        abstract: "Arca: a secrets-management server that speaks the Vault API.",
        subcommands: [
            ServerCommand.self, StatusCommand.self, VersionCommand.self, OperatorCommand.self, ReadCommand.self,
            WriteCommand.self, PatchCommand.self, DeleteCommand.self, ListCommand.self, KVCommand.self,
            SecretsCommand.self, AuthCommand.self, AuditCommand.self, PolicyCommand.self, TokenCommand.self, LoginCommand.self,
        ])

    package init() {}
}
