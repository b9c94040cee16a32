public import ArcaWire

/// Typed calls to the `sys/` endpoints.
public struct SysAPI: Sendable {
    let client: ArcaClient

    private func object(_ result: (status: Int, body: JSONValue?)) -> JSONValue { result.body ?? .object([:]) }

    public func initStatus() async throws -> Bool {
        try await client.send("GET", "sys/init").body?["initialized"]?.boolValue ?? false
    }

    public func initialize(_ request: InitRequest) async throws -> InitResponse {
        try InitResponse(json: object(try await client.send("PUT", "sys/init", body: request.json)))
    }

    public func sealStatus() async throws -> SealStatus {
        try SealStatus(json: object(try await client.send("GET", "sys/seal-status")))
    }

    public func unseal(_ request: UnsealRequest) async throws -> SealStatus {
        try SealStatus(json: object(try await client.send("PUT", "sys/unseal", body: request.json)))
    }

    public func seal() async throws { try await client.send("PUT", "sys/seal") }

    public func leader() async throws -> LeaderStatus {
        try LeaderStatus(json: object(try await client.send("GET", "sys/leader")))
    }

    public func keyStatus() async throws -> KeyStatus {
        let envelope = try ResponseEnvelope(json: object(try await client.send("GET", "sys/key-status")))
        return try KeyStatus(json: envelope.data)
    }

    public func rotate() async throws { try await client.send("PUT", "sys/rotate") }

    public func rekeyStatus() async throws -> RekeyStatus {
        try RekeyStatus(json: object(try await client.send("GET", "sys/rekey/init")))
    }

    public func rekeyInit(_ request: RekeyInitRequest) async throws -> RekeyStatus {
        try RekeyStatus(json: object(try await client.send("PUT", "sys/rekey/init", body: request.json)))
    }

    public func rekeyCancel() async throws { try await client.send("DELETE", "sys/rekey/init") }

    /// Submits one share; returns the new shares once the rekey completes, else the progress.
    public func rekeyUpdate(_ request: RekeyUpdateRequest) async throws -> RekeyUpdateResult {
        let body = object(try await client.send("PUT", "sys/rekey/update", body: request.json))
        if body["complete"]?.boolValue == true { return .complete(try RekeyResult(json: body)) }
        return .progress(try RekeyStatus(json: body))
    }
}

/// What one rekey share submission led to.
public enum RekeyUpdateResult: Sendable {
    case progress(RekeyStatus)
    case complete(RekeyResult)
}
