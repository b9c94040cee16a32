/// How a login path takes part in user lockout: it names the alias an attempt is for, from the
/// request's fields, before the login runs; the core refuses attempts for a locked alias and
/// counts the attempts that end in `LogicalError.invalidCredentials` (a wrong secret for an alias
/// the method knows). Other failures (an unknown user, a missing field, a CIDR refusal) are not
/// counted, so made-up names cannot fill the lockout store.
///
/// The closure must not do I/O: it runs for every attempt, locked or not. `nil` means the request
/// names no alias (the login itself then answers the error).
public typealias LockoutAlias = @Sendable (LogicalRequest, FieldData) throws -> String?

extension PathRouter {
    /// The alias of the login `request` is for, from the `lockoutAlias` of the path it routes to.
    public func lockoutAlias(_ request: LogicalRequest) async throws -> String? {
        guard request.operation == .update || request.operation == .create,
            let (path, captures) = route(request.path), let alias = path.lockoutAlias
        else { return nil }
        let (fields, _) = fieldData(for: request, path: path, captures: captures)
        // A field of the wrong type fails the same way in the login; let it say so there.
        guard (try? fields.validate()) != nil else { return nil }
        return try alias(request, fields)
    }
}
