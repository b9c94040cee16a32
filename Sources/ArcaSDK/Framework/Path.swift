/// One route of a backend: a pattern, its fields, and a handler per operation.
public struct Path: Sendable {
    public typealias Handler = @Sendable (LogicalRequest, FieldData) async throws -> LogicalResponse?
    public typealias ExistenceCheck = @Sendable (LogicalRequest, FieldData) async throws -> Bool

    public let pattern: PathPattern
    public let fields: [FieldSpec]
    /// `fields` by name (the first of a repeated name), built once rather than per request.
    let fieldsByName: [String: FieldSpec]
    public let operations: [Operation: Handler]
    public let existenceCheck: ExistenceCheck?
    public let synopsis: String
    /// When true, fields not declared are passed through without a warning (KV data).
    public let takesArbitraryInput: Bool
    /// Logins only: names the alias an attempt is for, so the core can lock it out.
    public let lockoutAlias: LockoutAlias?

    public init(
        _ pattern: String, fields: [FieldSpec] = [], operations: [Operation: Handler], existenceCheck: ExistenceCheck? = nil,
        synopsis: String, takesArbitraryInput: Bool = false, lockoutAlias: LockoutAlias? = nil
    ) {
        self.pattern = PathPattern(pattern)
        self.fields = fields
        self.fieldsByName = FieldData.byName(fields)
        self.operations = operations
        self.existenceCheck = existenceCheck
        self.synopsis = synopsis
        self.takesArbitraryInput = takesArbitraryInput
        self.lockoutAlias = lockoutAlias
    }
}
