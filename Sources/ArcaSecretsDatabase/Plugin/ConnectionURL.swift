import ArcaSDK

/// A PostgreSQL connection URL as Vault accepts it,
/// `postgresql://{{username}}:{{password}}@host:5432/db?sslmode=disable`, with the templates
/// filled from the config's `username`/`password`. Also the `key=value` DSN form.
struct ConnectionURL: Sendable, Equatable {
    var host: String
    var port: Int
    var database: String
    var user: String
    var password: String
    /// disable, allow, prefer (libpq's default), require, verify-ca, verify-full.
    var sslMode: String
    /// `sslrootcert`: a PEM file of the CA certificates the server's certificate must chain to
    /// (`system`: the system's roots); empty for the system's roots as well.
    var sslRootCert = ""

    static let sslModes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]

    static func parse(_ template: String, username: String, password: String) throws -> ConnectionURL {
        let text = template.replacing("{{username}}", with: percentEncode(username))
            .replacing("{{password}}", with: percentEncode(password))
        if !text.contains("://") { return try parseDSN(text, username: username, password: password) }
        guard let scheme = text.firstRange(of: "://") else { throw invalid }
        guard ["postgres", "postgresql"].contains(String(text[..<scheme.lowerBound])) else { throw invalid }
        var rest = text[scheme.upperBound...]
        var query = ""
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        var userInfo = ""
        if let at = rest.lastIndex(of: "@") {
            userInfo = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        var hostPort = rest
        var database = "postgres"
        if let slash = rest.firstIndex(of: "/") {
            hostPort = rest[..<slash]
            let db = rest[rest.index(after: slash)...]
            if !db.isEmpty { database = percentDecode(String(db)) }
        }
        var host = String(hostPort)
        var port = 5432
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            host = String(hostPort[..<colon])
            guard let p = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(p) else { throw invalid }
            port = p
        }
        host = host.trimmingBrackets()
        guard !host.isEmpty else { throw invalid }
        var user = username, pass = password
        if !userInfo.isEmpty {
            let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            user = percentDecode(String(parts[0]))
            pass = parts.count > 1 ? percentDecode(String(parts[1])) : ""
        }
        var sslMode = "prefer", rootCert = ""
        for pair in query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { continue }
            if kv[0] == "sslmode" { sslMode = percentDecode(String(kv[1])) }
            if kv[0] == "sslrootcert" { rootCert = percentDecode(String(kv[1])) }
        }
        return try checked(
            ConnectionURL(host: host, port: port, database: database, user: user, password: pass, sslMode: sslMode, sslRootCert: rootCert))
    }

    static func checked(_ url: ConnectionURL) throws -> ConnectionURL {
        guard sslModes.contains(url.sslMode) else {
            throw LogicalError.invalidRequest("error verifying connection: unsupported sslmode \"\(url.sslMode)\"")
        }
        return url
    }

    static func parseDSN(_ text: String, username: String, password: String) throws -> ConnectionURL {
        var values: [String: String] = [:]
        for pair in text.split(separator: " ") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { throw invalid }
            values[String(kv[0])] = String(kv[1])
        }
        guard let host = values["host"] else { throw invalid }
        return try checked(
            ConnectionURL(
                host: host, port: Int(values["port"] ?? "5432") ?? 5432, database: values["dbname"] ?? "postgres",
                user: values["user"] ?? username, password: values["password"] ?? password,
                sslMode: values["sslmode"] ?? "prefer", sslRootCert: values["sslrootcert"] ?? ""))
    }

    static let invalid = LogicalError.invalidRequest("error verifying connection: invalid connection_url")

    static func percentEncode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            let c = Character(Unicode.Scalar(b))
            if c.isASCII && (c.isLetter || c.isNumber || "-._~".contains(c)) { out.append(c) } else { out += String(format: b) }
        }
        return out
    }

    static func percentDecode(_ s: String) -> String {
        var bytes: [UInt8] = []
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "%"), i + 2 < u.count, let v = UInt8(String(decoding: u[i + 1...i + 2], as: UTF8.self), radix: 16) {
                bytes.append(v)
                i += 3
            } else {
                bytes.append(u[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    fileprivate init(format byte: UInt8) {
        let hex = Array("0123456789ABCDEF")
        self = "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
    }

    fileprivate func trimmingBrackets() -> String {
        hasPrefix("[") && hasSuffix("]") ? String(dropFirst().dropLast()) : self
    }
}
