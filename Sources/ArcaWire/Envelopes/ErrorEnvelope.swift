/// The error body Vault sends with every non-2xx status: `{"errors":[...]}`, with `data` beside it
/// when an error carries data.
public struct ErrorEnvelope: WireObject, Equatable {
    public var errors: [String]
    public var data: JSONValue?

    public init(errors: [String], data: JSONValue? = nil) {
        self.errors = errors
        self.data = data
    }

    public init(json: JSONValue) throws(WireDecodingError) {
        let r = try JSONObjectReader(json)
        errors = try r.strings("errors") ?? []
        data = r.value("data")
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = ["errors": .strings(errors)]
        o.set("data", data)
        return .object(o)
    }
}
