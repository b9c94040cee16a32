import ArcaSDK
import ArcaWire

/// `sys/wrapping/*`: wrap arbitrary data, and look up, unwrap and rewrap wrapping tokens.
struct WrappingPaths: Sendable {
    let wrapper: ResponseWrapper

    enum Fields {
        static let token = Field<String>("token", description: "The wrapping token (else the request's token).")
    }

    var paths: [Path] {
        [
            Path("wrapping/wrap", operations: [.update: wrap], synopsis: "Wrap the request's data in a wrapping token.",
                 takesArbitraryInput: true),
            Path("wrapping/unwrap", fields: [Fields.token.spec], operations: [.update: unwrap],
                 synopsis: "Return a wrapped response once, revoking its token."),
            Path("wrapping/lookup", fields: [Fields.token.spec], operations: [.read: lookup, .update: lookup],
                 synopsis: "When and where a wrapping token was made."),
            Path("wrapping/rewrap", fields: [Fields.token.spec], operations: [.update: rewrap],
                 synopsis: "Move a wrapped response to a new wrapping token."),
        ]
    }

    @Sendable func wrap(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard req.wrapTTL > 0 else { throw LogicalError.invalidRequest("endpoint requires response wrapping to be used") }
        return .data(req.data)
    }

    /// The wrapping token from the body; else the request's own token, whose single use the
    /// pipeline is spending on this request.
    func target(_ req: LogicalRequest, _ f: FieldData) async throws -> TokenEntry {
        let given = try f[Fields.token]
        if given.isEmpty {
            return try await wrapper.wrappingToken(req.clientToken ?? "", includingSpent: true)
        }
        let entry = try await wrapper.wrappingToken(given, includingSpent: false)
        // A token given in the body is spent here, so two unwraps cannot both succeed.
        guard try await wrapper.tokens.use(entry) != .exhausted else { throw ResponseWrapper.invalid }
        return entry
    }

    @Sendable func unwrap(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await wrapper.unwrap(try await target(req, f))
    }

    @Sendable func rewrap(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await wrapper.rewrap(try await target(req, f))
    }

    @Sendable func lookup(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let given = try f[Fields.token]
        let id = given.isEmpty ? (req.clientToken ?? "") : given
        guard !id.isEmpty else { throw LogicalError.invalidRequest("error validating wrapping token: token is empty") }
        return .data(try await wrapper.lookup(try await wrapper.wrappingToken(id, includingSpent: false)))
    }
}
