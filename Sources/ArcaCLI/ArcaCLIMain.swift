import ArcaAPI
import ArgumentParser

/// Entry point for the `arca` executable: runs the command tree and maps failures to Vault's exit
/// codes (1 for usage and local errors, 2 for errors the server returned).
public enum ArcaCLIMain {
    public static func run() async {
        do {
            var command = try ArcaCommand.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ArcaClientError {
            Output.printError(error.description)
            ArcaCommand.exit(withError: ExitCode(2))
        } catch {
            ArcaCommand.exit(withError: error)
        }
    }
}

/// Runs `body` with a client built from the shared options, shutting the client down afterwards.
func withClient<T>(_ options: ClientOptions, _ body: (ArcaClient, ResolvedClientSettings) async throws -> T)
    async throws -> T
{
    let (client, settings) = try options.makeClient()
    do {
        let result = try await body(client, settings)
        try? await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}
