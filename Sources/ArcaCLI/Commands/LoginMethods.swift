import ArcaWire
import ArgumentParser
import FoundationEssentials

/// How `arca login -method=X` turns its `key=value` arguments into a login request. One entry per
/// method; adding a method is adding a row.
struct LoginMethod: Sendable {
    let name: String
    /// The mount path when `-path` is not given.
    let defaultPath: String
    /// Keys that must be given (a missing secret one is prompted for, hidden).
    let required: [String]
    /// Keys prompted for without echo when missing.
    let secret: Set<String>
    /// The login path below the mount, from the arguments.
    let endpoint: @Sendable ([String: JSONValue]) -> String
    /// Arguments that go in the URL rather than the body.
    let inURL: Set<String>

    static let all: [LoginMethod] = [
        LoginMethod(
            name: "userpass", defaultPath: "userpass", required: ["username", "password"], secret: ["password"],
            endpoint: { "login/" + ($0["username"]?.stringValue ?? "") }, inURL: ["username"]),
        LoginMethod(
            name: "approle", defaultPath: "approle", required: ["role_id"], secret: ["secret_id"],
            endpoint: { _ in "login" }, inURL: []),
        LoginMethod(
            name: "jwt", defaultPath: "jwt", required: ["jwt"], secret: [], endpoint: { _ in "login" }, inURL: []),
        LoginMethod(
            name: "kubernetes", defaultPath: "kubernetes", required: ["role", "jwt"], secret: [],
            endpoint: { _ in "login" }, inURL: []),
    ]

    static func named(_ name: String) -> LoginMethod? { all.first { $0.name == name } }

    /// The service account token a pod has, for `-method=kubernetes` without `jwt=`.
    static let serviceAccountTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount/token"

    /// The request path and body for these arguments, prompting for missing secrets.
    func request(path: String?, arguments: [String: JSONValue], prompt: (String) throws -> String) throws
        -> (path: String, body: [String: JSONValue])
    {
        var data = arguments
        if name == "kubernetes", data["jwt"] == nil, let token = FileManager.default.contents(atPath: Self.serviceAccountTokenPath) {
            data["jwt"] = .string(String(String(decoding: token, as: UTF8.self).filter { !$0.isWhitespace }))
        }
        for key in required where data[key] == nil {
            guard secret.contains(key) else { throw ValidationError("missing \(key)") }
            data[key] = .string(try prompt("\(key.capitalized) (will be hidden): "))
        }
        let mount = (path ?? defaultPath).split(separator: "/").joined(separator: "/")
        let full = "auth/\(mount)/\(endpoint(data))"
        for key in inURL { data[key] = nil }
        return (full, data)
    }
}
