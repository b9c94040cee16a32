import FoundationEssentials

/// The CA certificate and service-account token of the pod the server runs in, if it runs in one.
public struct PodCredentials: Sendable, Equatable {
    public var caCert: String?
    public var token: String?

    public init(caCert: String? = nil, token: String? = nil) {
        self.caCert = caCert
        self.token = token
    }

    /// Reads the files Kubernetes mounts into every pod; both are `nil` outside a pod.
    @Sendable public static func fromServiceAccountFiles() -> PodCredentials {
        func read(_ path: String) -> String? {
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)), !data.isEmpty else { return nil }
            var text = Substring(String(decoding: data, as: UTF8.self))
            while text.last?.isWhitespace == true { text.removeLast() }
            while text.first?.isWhitespace == true { text.removeFirst() }
            return String(text)
        }
        return PodCredentials(
            caCert: read("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"),
            token: read("/var/run/secrets/kubernetes.io/serviceaccount/token"))
    }
}
