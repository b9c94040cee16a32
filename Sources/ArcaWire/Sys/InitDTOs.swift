/// `PUT /v1/sys/init` request body.
public struct InitRequest: WireObject, Equatable {
    public var secretShares: Int
    public var secretThreshold: Int
    public var recoveryShares: Int
    public var recoveryThreshold: Int
    public var pgpKeys: [String]?
    public var rootTokenPGPKey: String?

    public init(secretShares: Int, secretThreshold: Int, recoveryShares: Int = 0, recoveryThreshold: Int = 0) {
        self.secretShares = secretShares
        self.secretThreshold = secretThreshold
        self.recoveryShares = recoveryShares
        self.recoveryThreshold = recoveryThreshold
    }

    public init(json: JSONValue) throws(WireDecodingError) {
        let r = try JSONObjectReader(json)
        secretShares = try r.int("secret_shares") ?? 0
        secretThreshold = try r.int("secret_threshold") ?? 0
        recoveryShares = try r.int("recovery_shares") ?? 0
        recoveryThreshold = try r.int("recovery_threshold") ?? 0
        pgpKeys = try r.strings("pgp_keys")
        rootTokenPGPKey = try r.string("root_token_pgp_key")
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "secret_shares": .int(secretShares), "secret_threshold": .int(secretThreshold),
        ]
        if recoveryShares > 0 { o["recovery_shares"] = .int(recoveryShares) }
        if recoveryThreshold > 0 { o["recovery_threshold"] = .int(recoveryThreshold) }
        o.set("pgp_keys", pgpKeys.map { .strings($0) })
        o.set("root_token_pgp_key", rootTokenPGPKey.map(JSONValue.string))
        return .object(o)
    }
}

/// `PUT /v1/sys/init` response body.
public struct InitResponse: WireObject, Equatable {
    public var keys: [String]
    public var keysBase64: [String]
    public var recoveryKeys: [String]?
    public var recoveryKeysBase64: [String]?
    public var rootToken: String

    public init(keys: [String], keysBase64: [String], rootToken: String) {
        self.keys = keys
        self.keysBase64 = keysBase64
        self.rootToken = rootToken
    }

    public init(json: JSONValue) throws(WireDecodingError) {
        let r = try JSONObjectReader(json)
        keys = try r.strings("keys") ?? []
        keysBase64 = try r.strings("keys_base64") ?? []
        recoveryKeys = try r.strings("recovery_keys")
        recoveryKeysBase64 = try r.strings("recovery_keys_base64")
        rootToken = try r.string("root_token") ?? ""
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "keys": .strings(keys), "keys_base64": .strings(keysBase64), "root_token": .string(rootToken),
        ]
        o.set("recovery_keys", recoveryKeys.map { .strings($0) })
        o.set("recovery_keys_base64", recoveryKeysBase64.map { .strings($0) })
        return .object(o)
    }
}
