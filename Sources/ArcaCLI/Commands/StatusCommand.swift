import ArcaAPI
import ArcaWire
import ArgumentParser

/// `arca status`: seal status. Exits 0 when unsealed, 2 when sealed, 1 on error.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Print the server's seal status.")

    @OptionGroup var client: ClientOptions

    func run() async throws {
        let sealed = try await withClient(client) { api, settings in
            let status = try await api.sys.sealStatus()
            var ha: Bool? = nil
            if !status.sealed { ha = (try? await api.sys.leader())?.haEnabled ?? false } else { ha = false }
            Output.emit(settings.format, json: SealStatusRows.json(status, haEnabled: ha),
                        rows: SealStatusRows.rows(status, haEnabled: ha))
            return status.sealed
        }
        if sealed { throw ExitCode(2) }
    }
}

/// `arca version`.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print Arca's version.")

    func run() {
        print("Arca v\(ArcaVersion.version) (\(ArcaVersion.buildDate))")
    }
}
