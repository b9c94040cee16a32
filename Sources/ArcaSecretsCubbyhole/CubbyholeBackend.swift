public import ArcaSDK
import ArcaWire

/// `cubbyhole/`: private storage per token. Every key lives below the caller's token storage key,
/// so no token, not even root, can see another's cubbyhole; the core deletes a token's folder
/// when the token is revoked or expires.
public struct CubbyholeBackend: Sendable {
    public init() {}

    public var router: PathRouter {
        PathRouter(
            paths: [
                Path(
                    "{path*}",
                    operations: [.read: read, .create: write, .update: write, .delete: delete, .list: list],
                    existenceCheck: { req, _ in
                        guard let owner = req.tokenStorageKey else { return false }
                        return try await req.storage.get(Self.key(owner, req.path)) != nil
                    },
                    synopsis: "Read, write, list and delete secrets private to the calling token.",
                    takesArbitraryInput: true)
            ],
            help: "The cubbyhole engine keeps secrets private to one token; they are destroyed with it.")
    }

    static func key(_ owner: String, _ path: String) -> String { owner + "/" + path }

    static func owner(_ req: LogicalRequest) throws -> String {
        guard let owner = req.tokenStorageKey, !owner.isEmpty else { throw LogicalError.invalidRequest("client token empty") }
        return owner
    }

    @Sendable func read(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let owner = try Self.owner(req)
        guard !req.path.isEmpty else { throw LogicalError.invalidRequest("missing path") }
        guard let doc = try await req.storage.getJSON(Self.key(owner, req.path)), case .object(let data) = doc else {
            return nil
        }
        return .data(data)
    }

    @Sendable func write(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let owner = try Self.owner(req)
        guard !req.path.isEmpty, !req.path.hasSuffix("/") else { throw LogicalError.invalidRequest("missing path") }
        if req.data.isEmpty { throw LogicalError.invalidRequest("missing data fields") }
        try await req.storage.putJSON(Self.key(owner, req.path), .object(req.data))
        return nil
    }

    @Sendable func delete(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let owner = try Self.owner(req)
        guard !req.path.isEmpty else { throw LogicalError.invalidRequest("missing path") }
        try await req.storage.delete(Self.key(owner, req.path))
        return nil
    }

    @Sendable func list(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let owner = try Self.owner(req)
        let prefix = req.path.isEmpty || req.path.hasSuffix("/") ? req.path : req.path + "/"
        let keys = try await req.storage.list(prefix: Self.key(owner, prefix))
        return keys.isEmpty ? nil : .list(keys)
    }
}
