/// `PUT /v1/sys/rekey/init` request body.
public struct RekeyInitRequest: WireObject, Equatable {
    public var secretShares: Int
    public var secretThreshold: Int
    public var pgpKeys: [String]?
    public var backup: Bool
    public var requireVerification: Bool

    public init(secretShares: Int, secretThreshold: Int, backup: Bool = false, requireVerification: Bool = false) {
        self.secretShares = secretShares
        self.secretThreshold = secretThreshold
        self.backup = backup
        self.requireVerification = requireVerification
    }

    public init(json: JSONValue) throws(WireDecodingError) {
        let r = try JSONObjectReader(json)
        secretShares = try r.int("secret_shares") ?? 0
        secretThreshold = try r.int("secret_threshold") ?? 0
        pgpKeys = try r.strings("pgp_keys")
        backup = try r.bool("backup") ?? false
        requireVerification = try r.bool("require_verification") ?? false
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "secret_shares": .int(secretShares), "secret_threshold": .int(secretThreshold),
            "backup": .bool(backup), "require_verification": .bool(requireVerification),
        ]
        o.set("pgp_keys", pgpKeys.map { .strings($0) })
        return .object(o)
    }
}

/// Progress of a rekey (`GET /v1/sys/rekey/init`, and `rekey/update` until complete).
public struct RekeyStatus: WireObject, Equatable {
    public var started: Bool
    public var nonce: String
    public var threshold: Int
    public var shares: Int
    public var progress: Int
    public var required: Int
    public var verificationRequired: Bool

    public init(started: Bool, nonce: String, threshold: Int, shares: Int, progress: Int, required: Int,
                verificationRequired: Bool = false) {
        self.started = started
        self.nonce = nonce
        self.threshold = threshold
        self.shares = shares
        self.progress = progress
        self.required = required
        self.verificationRequired = verificationRequired
    }

    public init(json: JSONValue) throws(WireDecodingError) {
        let r = try JSONObjectReader(json)
        started = try r.bool("started") ?? false
        nonce = try r.string("nonce") ?? ""
        threshold = try r.int("t") ?? 0
        shares = try r.int("n") ?? 0
        progress = try r.int("progress") ?? 0
        required = try r.int("required") ?? 0
        verificationRequired = try r.bool("verification_required") ?? false
    }

    public var json: JSONValue {
        [
            "started": .bool(started), "nonce": .string(nonce), "t": .int(threshold), "n": .int(shares),
            "progress": .int(progress), "required": .int(required), "pgp_fingerprints": .null,
            "backup": false, "verification_required": .bool(verificationRequired),
        ]
    }
}

/// `PUT /v1/sys/rekey/update` request body.
public struct RekeyUpdateRequest: WireObject, Equatable {
    public var key: String
    public var nonce: String

    public init(key: String, nonce: String) {
        self.key = key
        self.nonce = nonce
    }

    public init(json: JSONValue) throws(WireDecodingError) {
        let r = try JSONObjectReader(json)
        key = try r.string("key") ?? ""
        nonce = try r.string("nonce") ?? ""
    }

    public var json: JSONValue { ["key": .string(key), "nonce": .string(nonce)] }
}

/// `PUT /v1/sys/rekey/update` response once enough shares were given.
public struct RekeyResult: WireObject, Equatable {
    public var nonce: String
    public var keys: [String]
    public var keysBase64: [String]

    public init(nonce: String, keys: [String], keysBase64: [String]) {
        self.nonce = nonce
        self.keys = keys
        self.keysBase64 = keysBase64
    }

    public init(json: JSONValue) throws(WireDecodingError) {
        let r = try JSONObjectReader(json)
        nonce = try r.string("nonce") ?? ""
        keys = try r.strings("keys") ?? []
        keysBase64 = try r.strings("keys_base64") ?? []
    }

    public var json: JSONValue {
        [
            "complete": true, "nonce": .string(nonce), "keys": .strings(keys), "keys_base64": .strings(keysBase64),
            "pgp_fingerprints": .null, "backup": false, "verification_required": false,
        ]
    }
}
