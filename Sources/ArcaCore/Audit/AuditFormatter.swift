import ArcaSDK
import ArcaWire
import FoundationEssentials

/// Renders request and response entries in Vault's audit schema for one device: its salt, its
/// hashing options and its output format. Empty fields are left out, as Vault's `omitempty` does.
package struct AuditFormatter: Sendable {
    package let options: AuditFormatOptions
    package let hasher: AuditHasher

    package init(options: AuditFormatOptions, hasher: AuditHasher) {
        self.options = options
        self.hasher = hasher
    }

    /// `{"time","type":"request","auth","request","error"?}`.
    package func requestEntry(auth: AuditAuth, request: AuditRequest, error: String?, time: Date) -> JSONValue {
        var entry: [String: JSONValue] = [
            "time": .string(time.rfc3339Nano), "type": "request",
            "auth": .object(authJSON(auth)), "request": .object(requestJSON(request)),
        ]
        if let error, !error.isEmpty { entry["error"] = .string(error) }
        return .object(entry)
    }

    /// `{"time","type":"response","auth","request","response","error"?}`.
    package func responseEntry(
        auth: AuditAuth, request: AuditRequest, response: AuditResponse, error: String?, time: Date
    ) -> JSONValue {
        var entry: [String: JSONValue] = [
            "time": .string(time.rfc3339Nano), "type": "response",
            "auth": .object(authJSON(auth)), "request": .object(requestJSON(request)),
            "response": .object(responseJSON(response, operation: request.operation)),
        ]
        if let error, !error.isEmpty { entry["error"] = .string(error) }
        return .object(entry)
    }

    /// The bytes a device writes for `entry`: prefix, JSON or JSONx, newline.
    package func line(_ entry: JSONValue) -> [UInt8] {
        var out = Array(options.prefix.utf8)
        switch options.format {
        case .json: out += JSONWriter.encode(entry)
        case .jsonx: out += Array(JSONx.document(entry).utf8)
        }
        out.append(UInt8(ascii: "\n"))
        return out
    }

    // MARK: - Sections

    func authJSON(_ a: AuditAuth) -> [String: JSONValue] {
        var o: [String: JSONValue] = [:]
        o.set("client_token", secret(a.clientToken))
        o.set("accessor", accessor(a.accessor))
        o.set("display_name", a.displayName)
        o.set("policies", a.policies)
        o.set("token_policies", a.tokenPolicies)
        o.set("identity_policies", a.identityPolicies)
        if !a.metadata.isEmpty { o["metadata"] = .object(a.metadata.mapValues(JSONValue.string)) }
        o.set("entity_id", a.entityID)
        o.set("remaining_uses", Int64(a.remainingUses))
        o.set("token_type", a.tokenType)
        o.set("token_ttl", a.tokenTTL)
        o.set("token_issue_time", a.tokenIssueTime)
        return o
    }

    func requestJSON(_ r: AuditRequest) -> [String: JSONValue] {
        var o: [String: JSONValue] = ["namespace": ["id": "root"]]
        o.set("id", r.id)
        o.set("operation", r.operation.rawValue)
        o.set("mount_type", r.mountType)
        o.set("mount_accessor", r.mountAccessor)
        o.set("mount_point", r.mountPoint)
        o.set("client_token", secret(r.clientToken))
        o.set("client_token_accessor", accessor(r.clientTokenAccessor))
        o.set("path", r.path)
        if !r.data.isEmpty { o["data"] = .object(data(r.data)) }
        o.set("remote_address", r.remoteAddress)
        o.set("remote_port", Int64(r.remotePort))
        o.set("wrap_ttl", r.wrapTTL)
        if !r.headers.isEmpty {
            o["headers"] = .object(r.headers.mapValues { values in .array(values.map { .string(secret($0)) }) })
        }
        return o
    }

    func responseJSON(_ r: AuditResponse, operation: Operation) -> [String: JSONValue] {
        var o: [String: JSONValue] = [:]
        o.set("mount_type", r.mountType)
        o.set("mount_accessor", r.mountAccessor)
        o.set("mount_point", r.mountPoint)
        if let auth = r.auth { o["auth"] = .object(authJSON(auth)) }
        if !r.leaseID.isEmpty { o["secret"] = ["lease_id": .string(r.leaseID)] }
        var body = r.data
        if options.elideListResponses, operation == .list { body = Self.elide(body) }
        if !body.isEmpty { o["data"] = .object(data(body)) }
        o.set("warnings", r.warnings)
        if let wrap = r.wrapInfo, !wrap.isEmpty { o["wrap_info"] = .object(wrapInfo(wrap)) }
        return o
    }

    func wrapInfo(_ w: [String: JSONValue]) -> [String: JSONValue] {
        var o = w
        if let token = w["token"]?.stringValue { o["token"] = .string(secret(token)) }
        for key in ["accessor", "wrapped_accessor"] {
            if let value = w[key]?.stringValue { o[key] = .string(accessor(value)) }
        }
        return o
    }

    // MARK: - Hashing rules

    /// A token: hashed unless the device logs raw.
    func secret(_ value: String) -> String {
        options.logRaw || value.isEmpty ? value : hasher.hash(value)
    }

    /// An accessor: hashed unless raw or `hmac_accessor=false`.
    func accessor(_ value: String) -> String {
        options.hmacAccessor ? secret(value) : value
    }

    func data(_ object: [String: JSONValue]) -> [String: JSONValue] {
        options.logRaw ? object : hasher.hashStrings(object)
    }

    /// A list response with its keys counted instead of shown.
    static func elide(_ data: [String: JSONValue]) -> [String: JSONValue] {
        var out = data
        if let keys = data["keys"]?.arrayValue { out["keys"] = .int(keys.count) }
        if let info = data["key_info"]?.objectValue { out["key_info"] = .int(info.count) }
        return out
    }
}

extension Dictionary where Key == String, Value == JSONValue {
    /// Sets a string member unless it is empty (`omitempty`).
    fileprivate mutating func set(_ key: String, _ value: String) {
        if !value.isEmpty { self[key] = .string(value) }
    }

    /// Sets a string-list member unless it is empty.
    fileprivate mutating func set(_ key: String, _ value: [String]) {
        if !value.isEmpty { self[key] = .array(value.map(JSONValue.string)) }
    }

    /// Sets a number member unless it is zero.
    fileprivate mutating func set(_ key: String, _ value: Int64) {
        if value != 0 { self[key] = .number(JSONNumber(value)) }
    }
}
