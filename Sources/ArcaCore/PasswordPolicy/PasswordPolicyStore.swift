import ArcaSDK
import ArcaWire

/// Password policies in the barrier (`sys/password_policy/<name>`, the HCL source), and the
/// generator engines reach through `LogicalRequest.passwords`.
package struct PasswordPolicyStore: PasswordGenerating {
    static let prefix = "sys/password_policy/"
    static let notFound = LogicalError.coded(status: 404, message: "1 error occurred:\n\t* policy does not exist\n\n")

    let storage: any Storage

    func text(_ name: String) async throws -> String? {
        guard !name.isEmpty, !name.contains("/") else { return nil }
        return try await storage.getJSON(Self.prefix + name)?["policy"]?.stringValue
    }

    func put(_ name: String, text: String) async throws {
        _ = try PasswordPolicy.parse(text)
        try await storage.putJSON(Self.prefix + name, ["policy": .string(text)])
    }

    func delete(_ name: String) async throws { try await storage.delete(Self.prefix + name) }

    func names() async throws -> [String] { try await storage.list(prefix: Self.prefix).filter { !$0.hasSuffix("/") } }

    package func generate(policy name: String) async throws -> String {
        guard let text = try await text(name) else { throw Self.notFound }
        return try PasswordPolicy.parse(text).generate()
    }
}
