public import ArcaWire

/// Generic calls on any logical path (`/v1/<path>`).
public struct LogicalAPI: Sendable {
    let client: ArcaClient

    /// The response envelope, or `nil` for a 404 with no errors (nothing at that path).
    public func read(_ path: String, query: [String: String] = [:]) async throws -> ResponseEnvelope? {
        var suffix = ""
        if !query.isEmpty {
            suffix = "?" + query.sorted { $0.key < $1.key }.map { "\($0.key)=\(PercentEncoding.encode($0.value))" }.joined(separator: "&")
        }
        return try await envelope("GET", path + suffix, body: nil)
    }

    public func write(_ path: String, data: [String: JSONValue]) async throws -> ResponseEnvelope? {
        try await envelope("PUT", path, body: .object(data))
    }

    public func patch(_ path: String, data: [String: JSONValue]) async throws -> ResponseEnvelope? {
        try await envelope("PATCH", path, body: .object(data))
    }

    public func delete(_ path: String) async throws -> ResponseEnvelope? {
        try await envelope("DELETE", path, body: nil)
    }

    public func list(_ path: String) async throws -> ResponseEnvelope? {
        try await envelope("LIST", path, body: nil)
    }

    private func envelope(_ method: String, _ path: String, body: JSONValue?) async throws -> ResponseEnvelope? {
        do {
            let result = try await client.send(method, path, body: body)
            guard let json = result.body else { return nil }
            return try ResponseEnvelope(json: json)
        } catch let e as ArcaClientError where e.status == 404 && e.errors.isEmpty {
            return nil
        }
    }
}

extension ArcaClient {
    /// Generic logical calls.
    public var logical: LogicalAPI { LogicalAPI(client: self) }
}

/// Percent-encoding for query values.
enum PercentEncoding {
    static func encode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.append(Character(UnicodeScalar(b)))
            default:
                out += "%" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
