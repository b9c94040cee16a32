import ArcaSDK
import ArcaWire

/// `batch_input`: every item is processed on its own and a failed item carries its `error`. When
/// any item failed the answer is a 400 that still carries every result, as OpenBao answers.
enum Batch {
    /// The items, or nil when the request has no `batch_input`.
    static func items(_ f: FieldData) throws -> [[String: JSONValue]]? {
        guard let raw = f.raw["batch_input"], raw != .null else { return nil }
        guard let array = raw.arrayValue else { throw TransitError.badRequest("batch_input must be a list of objects") }
        guard !array.isEmpty else { throw TransitError.badRequest("missing batch input to process") }
        return try array.map { item in
            guard let o = item.objectValue else { throw TransitError.badRequest("batch_input must be a list of objects") }
            return o
        }
    }

    /// Runs `body` per item, catching each item's client error into its result.
    static func run(
        _ items: [[String: JSONValue]], _ body: ([String: JSONValue]) async throws -> [String: JSONValue]
    ) async throws -> LogicalResponse {
        var results: [JSONValue] = []
        var failures = 0
        for item in items {
            let reference = item["reference"] ?? ""
            do {
                var r = try await body(item)
                r["reference"] = reference
                results.append(.object(r))
            } catch LogicalError.invalidRequest(let message) {
                failures += 1
                results.append(["error": .string(message), "reference": reference])
            }
        }
        var response = LogicalResponse.data(["batch_results": .array(results)])
        if failures > 0 { response.status = 400 }
        return response
    }

    static func string(_ item: [String: JSONValue], _ key: String) -> String? {
        guard let v = item[key] else { return nil }
        if let s = v.stringValue { return s }
        if let n = v.int64Value { return String(n) }
        return nil
    }

    static func int(_ item: [String: JSONValue], _ key: String) throws -> Int {
        guard let v = item[key], v != .null else { return 0 }
        if let n = v.int64Value { return Int(n) }
        if let s = v.stringValue, let n = Int(s) { return n }
        throw TransitError.badRequest("\(key) must be a number")
    }
}
