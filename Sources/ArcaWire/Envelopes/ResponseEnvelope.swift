/// The envelope every logical response has on the wire:
/// `{request_id, lease_id, renewable, lease_duration, data, wrap_info, warnings, auth}`.
public struct ResponseEnvelope: WireObject, Equatable {
    public var requestID: String
    public var leaseID: String
    public var renewable: Bool
    public var leaseDuration: Int
    public var data: JSONValue
    public var wrapInfo: JSONValue
    public var warnings: [String]?
    public var auth: JSONValue
    /// Extra top-level members some legacy sys endpoints repeat beside `data` (e.g. key-status).
    public var topLevel: [String: JSONValue]

    public init(
        requestID: String, leaseID: String = "", renewable: Bool = false, leaseDuration: Int = 0,
        data: JSONValue = .null, wrapInfo: JSONValue = .null, warnings: [String]? = nil, auth: JSONValue = .null,
        topLevel: [String: JSONValue] = [:]
    ) {
        self.requestID = requestID
        self.leaseID = leaseID
        self.renewable = renewable
        self.leaseDuration = leaseDuration
        self.data = data
        self.wrapInfo = wrapInfo
        self.warnings = warnings
        self.auth = auth
        self.topLevel = topLevel
    }

    public init(json: JSONValue) throws(WireDecodingError) {
        let r = try JSONObjectReader(json)
        requestID = try r.string("request_id") ?? ""
        leaseID = try r.string("lease_id") ?? ""
        renewable = try r.bool("renewable") ?? false
        leaseDuration = try r.int("lease_duration") ?? 0
        data = r.value("data") ?? .null
        wrapInfo = r.value("wrap_info") ?? .null
        warnings = try r.strings("warnings")
        auth = r.value("auth") ?? .null
        let known: Set = ["request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth"]
        topLevel = r.object.filter { !known.contains($0.key) }
    }

    /// The compact JSON encoding, the same bytes as `JSONWriter.encode(json)`. Without extra
    /// top-level members it is written directly, in the members' sorted order, instead of
    /// building and sorting a dictionary first (every logical response goes through here).
    public func encoded() -> [UInt8] {
        guard topLevel.isEmpty else { return JSONWriter.encode(json) }
        var out: [UInt8] = []
        out.reserveCapacity(256)
        func member(_ name: String, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: "\":".utf8)
        }
        out.append(UInt8(ascii: "{"))
        member("auth", first: true)
        JSONWriter.write(auth, into: &out)
        member("data")
        JSONWriter.write(data, into: &out)
        member("lease_duration")
        JSONWriter.write(.int(leaseDuration), into: &out)
        member("lease_id")
        JSONWriter.write(string: leaseID, into: &out)
        member("renewable")
        out.append(contentsOf: (renewable ? "true" : "false").utf8)
        member("request_id")
        JSONWriter.write(string: requestID, into: &out)
        member("warnings")
        JSONWriter.write(warnings.map { .strings($0) } ?? .null, into: &out)
        member("wrap_info")
        JSONWriter.write(wrapInfo, into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    public var json: JSONValue {
        var o = topLevel
        o["request_id"] = .string(requestID)
        o["lease_id"] = .string(leaseID)
        o["renewable"] = .bool(renewable)
        o["lease_duration"] = .int(leaseDuration)
        o["data"] = data
        o["wrap_info"] = wrapInfo
        o["warnings"] = warnings.map { .strings($0) } ?? .null
        o["auth"] = auth
        return .object(o)
    }
}
