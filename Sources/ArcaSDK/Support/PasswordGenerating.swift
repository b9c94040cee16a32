/// Generates passwords from the server's named password policies (`sys/policies/password`).
public protocol PasswordGenerating: Sendable {
    /// A password meeting the named policy; throws when the policy does not exist.
    func generate(policy name: String) async throws -> String
}
