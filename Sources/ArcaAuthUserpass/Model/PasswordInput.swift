import ArcaSDK

/// `password` or `password_hash` as a user write gives them, turned into the stored hash.
struct PasswordInput: Sendable {
    var password: String
    var hash: String

    /// Pre-hashed passwords must have a cost in this range: low enough to refuse weak hashes by
    /// mistake (5 is `htpasswd -B`'s default), high enough to leave room, capped against logins
    /// that would take seconds.
    static let preHashedCosts = 5...12

    var isEmpty: Bool { password.isEmpty && hash.isEmpty }

    /// Exactly one of the two must be given.
    func validate() throws {
        switch (password.isEmpty, hash.isEmpty) {
        case (false, false): throw LogicalError.invalidRequest("only one of password or password_hash may be provided")
        case (true, true): throw LogicalError.invalidRequest("must provide either password or password_hash")
        default: break
        }
    }

    /// The hash to store: a new bcrypt hash of `password`, or `hash` as given once it is checked.
    func storedHash(cost: Int) throws -> String {
        try validate()
        if !password.isEmpty { return Bcrypt.hash(Array(password.utf8), cost: cost) }
        guard let parsed = Bcrypt.Hash(hash) else {
            throw LogicalError.invalidRequest("password_hash is not a valid bcrypt hash")
        }
        if parsed.cost < Self.preHashedCosts.lowerBound {
            throw LogicalError.invalidRequest(
                "bcrypt cost of \(parsed.cost) is too low, want \(Self.preHashedCosts.lowerBound) at minimum")
        }
        if parsed.cost > Self.preHashedCosts.upperBound {
            throw LogicalError.invalidRequest(
                "bcrypt cost of \(parsed.cost) exceeds maximum cost of \(Self.preHashedCosts.upperBound)")
        }
        return hash
    }
}
