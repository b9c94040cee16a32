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

    /// Reads the JSON object at `key` and decodes it with `decode`, reusing the value `cache`
    /// holds while the stored bytes are the ones it was decoded from; `nil` when absent or not an
    /// object. Without a cache it parses every time.
    @inlinable
    public func getDecoded<Value: Sendable>(
        _ key: String, cache: DecodedCache<Value>?, decode: ([String: JSONValue]) throws -> Value
    ) async throws -> Value? {
        guard let entry = try await get(key) else { return nil }
        if let hit = cache?.value(key, storedAs: entry.value) { return hit }
        guard let object = try JSONParser.parse(entry.value).objectValue else { return nil }
        let value = try decode(object)
        cache?.insert(key, bytes: entry.value, value: value)
        return value
    }
}
