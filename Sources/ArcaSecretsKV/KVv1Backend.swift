import ArcaSDK
import ArcaWire

/// KV version 1: one unversioned JSON object per path.
struct KVv1Backend: Sendable {
    var router: PathRouter {
        PathRouter(
            paths: [
                Path(
                    "{path*}",
                    operations: [
                        .read: read, .create: write, .update: write, .delete: delete, .list: list,
                    ],
                    existenceCheck: { req, _ in try await req.storage.get(req.path) != nil },
                    synopsis: "Read, write, list and delete secrets.", takesArbitraryInput: true)
            ],
            help: "KV version 1 stores one JSON object per path, without versions.")
    }

    @Sendable func read(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let doc = try await req.storage.getJSON(req.path), case .object(let data) = doc else { return nil }
        return .data(data)
    }

    @Sendable func write(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard !req.path.isEmpty, !req.path.hasSuffix("/") else {
            throw LogicalError.invalidRequest("cannot write to a path ending in '/'")
        }
        if req.data.isEmpty { throw LogicalError.invalidRequest("missing data fields") }
        try await req.storage.putJSON(req.path, .object(req.data))
        return nil
    }

    @Sendable func delete(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await req.storage.delete(req.path)
        return nil
    }

    @Sendable func list(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let prefix = req.path.isEmpty || req.path.hasSuffix("/") ? req.path : req.path + "/"
        let keys = try await req.storage.list(prefix: prefix)
        return keys.isEmpty ? nil : .list(keys)
    }
}
