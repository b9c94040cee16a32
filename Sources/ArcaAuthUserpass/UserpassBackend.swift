import ArcaSDK

/// The userpass routes. Usernames are case-insensitive: every path lower-cases them.
struct UserpassBackend: Sendable {
    /// bcrypt cost for passwords set through the API.
    let cost: Int

    var router: PathRouter {
        PathRouter(
            paths: [usersListPath, userPath, passwordPath, policiesPath, loginPath],
            unauthenticated: ["login/*"],
            help: "The userpass auth method lets users log in with a username and a password.")
    }

    func store(_ request: LogicalRequest) -> UserStore { UserStore(storage: request.storage) }

    /// The username a request names, lower-cased.
    static func username(_ f: FieldData) throws -> String {
        let name = try f[UserFields.username].lowercased()
        guard !name.isEmpty else { throw LogicalError.invalidRequest("missing username") }
        return name
    }
}

/// The fields the userpass paths share.
enum UserFields {
    static let username = Field<String>("username", description: "Username of the user.")
    static let password = Field<String>("password", description: "Password for the user.")
    static let passwordHash = Field<String>(
        "password_hash", description: "A bcrypt hash of the password ($2a$, $2b$ or $2y$), stored as given.")
    static let after = Field<String>("after", description: "List only the usernames after this one.")
    static let limit = Field<Int>("limit", description: "List at most this many usernames.")
}
