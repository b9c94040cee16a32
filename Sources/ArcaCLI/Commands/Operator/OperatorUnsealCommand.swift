import ArcaAPI
import ArcaWire
import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

/// `arca operator unseal [KEY]`: submit one unseal key share.
struct OperatorUnsealCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unseal", abstract: "Submit an unseal key share.")

    @OptionGroup var client: ClientOptions

    @Flag(name: .customLong("reset", withSingleDash: true), help: "Discard the shares submitted so far.")
    var reset = false

    @Flag(name: .customLong("migrate", withSingleDash: true), help: "The share is part of a seal migration.")
    var migrate = false

    @Argument(help: "The key share; '-' reads it from standard input; omitted, it is prompted for.")
    var key: String?

    func run() async throws {
        let request: UnsealRequest
        if reset {
            request = UnsealRequest(reset: true)
        } else {
            request = UnsealRequest(key: try KeyInput.read(key, prompt: "Unseal Key (will be hidden): "), migrate: migrate)
        }
        try await withClient(client) { api, settings in
            let status = try await api.sys.unseal(request)
            Output.emit(settings.format, json: SealStatusRows.json(status, haEnabled: false),
                        rows: SealStatusRows.rows(status, haEnabled: false))
        }
    }
}

/// Reads a key share from an argument, standard input, or a prompt without echo.
enum KeyInput {
    static func read(_ argument: String?, prompt: String) throws -> String {
        if let argument, argument != "-" { return argument }
        if argument == nil, isatty(0) != 0 {
            guard let p = getpass(prompt) else { throw ValidationError("no key entered") }
            return String(cString: p)
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("no key on standard input")
        }
        return line
    }
}
