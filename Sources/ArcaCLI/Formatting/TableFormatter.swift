/// Key/value tables laid out like the Vault CLI's: keys padded to the longest key plus four spaces,
/// optionally under a `Key`/`Value` header.
enum TableFormatter {
    static func render(_ rows: [(String, String)], header: Bool = true) -> String {
        let all = header ? [("Key", "Value"), ("---", "-----")] + rows : rows
        let width = (all.map(\.0.count).max() ?? 0) + 4
        return all.map { key, value in
            value.isEmpty ? key : key + String(repeating: " ", count: width - key.count) + value
        }.joined(separator: "\n")
    }
}
