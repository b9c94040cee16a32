public import ArcaWire

extension Storage {
    /// Reads the entry at `key` as a JSON document, or `nil` when absent.
    public func getJSON(_ key: String) async throws -> JSONValue? {
        guard let entry = try await get(key) else { return nil }
        return try JSONParser.parse(entry.value)
    }

    /// Writes `value` as a JSON document at `key`.
    public func putJSON(_ key: String, _ value: JSONValue) async throws {
        try await put(StorageEntry(key: key, value: JSONWriter.encode(value)))
    }
}
