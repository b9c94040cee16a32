import ArcaSDK
import ArcaWire

extension UserpassBackend {
    /// A bcrypt hash (cost 10) checked against when the user does not exist, so that an unknown
    /// name takes as long to refuse as a wrong password.
    static let decoyHash = "$2a$10$lg98rjTnd0OoST80qAgPte3rzecEXfsFeuJcYR1xecp30w0BuxNhO"
    static let invalid = LogicalError.invalidRequest("invalid username or password")
    /// The same answer for a user that exists: it counts toward the user's lockout.
    static let wrongPassword = LogicalError.invalidCredentials("invalid username or password")

    var loginPath: Path {
        Path(
            "login/{username}", fields: [UserFields.username.spec, UserFields.password.spec],
            operations: [.update: login], synopsis: "Log in with a username and a password.",
            lockoutAlias: { _, f in try? Self.username(f) })
    }

    @Sendable func login(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try Self.username(f)
        let password = try f[UserFields.password]
        // A login's own failures are not wrapped in the multierror text.
        guard !password.isEmpty else { throw LogicalError.coded(status: 500, message: "missing password") }
        let user = try await store(req).get(name)
        if let user, user.passwordHash.isEmpty { throw Self.invalid }
        let matches = Bcrypt.verify(Array(password.utf8), against: user?.passwordHash ?? Self.decoyHash)
        guard let user else { throw Self.invalid }
        guard matches else { throw Self.wrongPassword }
        if !CIDR.allows(user.token.boundCIDRs, address: req.remoteAddress) { throw LogicalError.permissionDenied }
        let token = try user.token.forLogin(from: req.remoteAddress)
        return .login(
            AuthResult(
                policies: token.policies, metadata: ["username": name], displayName: name,
                alias: IdentityAlias(name: name), token: token, internalData: ["username": .string(name)]))
    }
}
