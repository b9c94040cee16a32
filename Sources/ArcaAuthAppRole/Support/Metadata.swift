import ArcaSDK
import ArcaWire
import FoundationEssentials

/// A secret id's `metadata` as Vault reads it: a JSON object of strings, the same base64-encoded,
/// or `key=value` pairs separated by commas.
enum Metadata {
    static func parse(_ text: String) throws -> [String: String] {
        if text.isEmpty { return [:] }
        if let object = json(text) { return object }
        if let data = Data(base64Encoded: text), let object = json(String(decoding: data, as: UTF8.self)) { return object }
        var out: [String: String] = [:]
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw failure("invalid <key,value> format") }
            let key = trim(parts[0])
            let value = trim(parts[1])
            guard !key.isEmpty, !value.isEmpty else { throw failure("invalid <key,value> pair \"\(item)\"") }
            out[key] = value
        }
        return out
    }

    private static func trim(_ s: Substring) -> String {
        String(s.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    private static func json(_ text: String) -> [String: String]? {
        guard let doc = try? JSONParser.parse(Array(text.utf8)), case .object(let o) = doc else { return nil }
        var out: [String: String] = [:]
        for (k, v) in o {
            guard case .string(let s) = v else { return nil }
            out[k] = s
        }
        return out
    }

    private static func failure(_ reason: String) -> LogicalError {
        .invalidRequest("failed to parse metadata: failed to parse the input: \(reason)")
    }
}
