import ArcaSDK
import Logging
import NIOSSL
import PostgresNIO

/// One connection pool to one database (a `PostgresClient` and the task running it).
final class PostgresPool: Sendable {
    /// How long a statement batch (including waiting for a connection) may take.
    static let operationTimeout = 10.0

    let fingerprint: String
    private let client: PostgresClient
    private let runner: Task<Void, Never>

    init(url: ConnectionURL, maxConnections: Int, idleTimeout: Int, fingerprint: String) throws {
        let tls: PostgresClient.Configuration.TLS
        switch try DatabaseTLS.from(url) {
        case .disable: tls = .disable
        case .prefer(let c): tls = .prefer(c)
        case .require(let c): tls = .require(c)
        }
        var config = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: tls)
        config.options.connectTimeout = .seconds(5)
        config.options.maximumConnections = max(1, maxConnections)
        config.options.minimumConnections = 0
        if idleTimeout > 0 { config.options.connectionIdleTimeout = .seconds(idleTimeout) }
        var logger = Logger(label: "arca.database")
        logger.logLevel = .critical
        let client = PostgresClient(configuration: config, backgroundLogger: logger)
        self.client = client
        self.fingerprint = fingerprint
        self.runner = Task { await client.run() }
    }

    /// Runs `statements` in one transaction; any failure rolls back all of them.
    func transaction(_ statements: [String]) async throws {
        let client = self.client
        try await Self.guarded {
            try await client.withConnection { connection in
                try await connection.query("BEGIN", logger: Self.quiet)
                do {
                    for statement in statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Self.quiet)
                    }
                    try await connection.query("COMMIT", logger: Self.quiet)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: Self.quiet)
                    throw error
                }
            }
        }
    }

    /// Checks that the database answers.
    func ping() async throws {
        let client = self.client
        try await Self.guarded { try await client.query("SELECT 1", logger: Self.quiet) }
    }

    func close() { runner.cancel() }

    /// Connects once, outside any pool, and runs `SELECT 1`: fails fast (5 s connect timeout)
    /// when the database is unreachable or refuses the credentials.
    static func verify(_ url: ConnectionURL) async throws {
        let tls: PostgresConnection.Configuration.TLS
        switch try DatabaseTLS.from(url) {
        case .disable: tls = .disable
        case .prefer(let c): tls = .prefer(try NIOSSLContext(configuration: c))
        case .require(let c): tls = .require(try NIOSSLContext(configuration: c))
        }
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        let fixed = configuration
        try await guarded {
            let connection = try await PostgresConnection.connect(configuration: fixed, id: 0, logger: quiet)
            do {
                try await connection.query("SELECT 1", logger: quiet)
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
        }
    }

    /// What went wrong in a TLS handshake, in words: a certificate that does not chain to the
    /// trusted roots, or one that does not name the host.
    static func tlsFailure(_ error: any Error) -> String? {
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "the server's certificate does not name the host (sslmode=verify-full)"
        }
        guard let ssl = error as? NIOSSLError else { return nil }
        let text = "\(ssl)"
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "the server's certificate is not signed by a trusted CA (sslrootcert): certificate verify failed"
        }
        return text
    }

    static let quiet: Logger = {
        var l = Logger(label: "arca.database.query")
        l.logLevel = .critical
        return l
    }()

    /// Bounds the call in time and turns driver errors into messages without SQL text (it may
    /// hold a password): the server's own message, or what went wrong with the connection.
    static func guarded(_ body: @escaping @Sendable () async throws -> Void) async throws {
        do {
            try await Deadline.run(seconds: operationTimeout, body)
        } catch is Deadline.Expired {
            throw LogicalError.coded(status: 500, message: "database did not answer within \(Int(operationTimeout)) seconds")
        } catch let error as PSQLError {
            if let message = error.serverInfo?[.message] {
                throw LogicalError.coded(status: 500, message: "error from the database: \(message)")
            }
            if error.code == .sslUnsupported {
                throw LogicalError.coded(status: 500, message: "the database does not offer TLS, and sslmode requires it")
            }
            if let tls = error.underlying.flatMap(tlsFailure) {
                throw LogicalError.coded(status: 500, message: "TLS handshake with the database failed: \(tls)")
            }
            let cause = error.underlying.map { ": \($0)" } ?? ""
            throw LogicalError.coded(status: 500, message: "cannot reach the database (\(error.code))\(cause)")
        } catch let error as LogicalError {
            throw error
        } catch {
            throw LogicalError.coded(status: 500, message: "cannot reach the database: \(type(of: error))")
        }
    }
}
