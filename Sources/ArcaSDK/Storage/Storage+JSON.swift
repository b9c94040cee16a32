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

    /// Reads the JSON object at `key` and decodes it with `decode` (see the other `getDecoded`);
    /// `nil` when absent or not an object.
    @inlinable
    public func getDecoded<Value: Sendable>(
        _ key: String, cache: DecodedCache<Value>?, decode: ([String: JSONValue]) throws -> Value
    ) async throws -> Value? {
        try await getDecoded(key, cache: cache, decodeBytes: { try JSONParser.parse($0).objectValue.map(decode) })
    }

    /// Reads the entry at `key` and decodes its bytes with `decode`, reusing the value `cache`
    /// holds while the stored bytes are the ones it was decoded from; `nil` when absent or when
    /// `decode` gives nil. Without a cache it decodes every time.
    @inlinable
    public func getDecoded<Value: Sendable>(
        _ key: String, cache: DecodedCache<Value>?, decodeBytes decode: ([UInt8]) throws -> Value?
    ) async throws -> Value? {
        guard let entry = try await get(key) else { return nil }
        if let hit = cache?.value(key, storedAs: entry.value) { return hit }
        guard let value = try decode(entry.value) else { return nil }
        cache?.insert(key, bytes: entry.value, value: value)
        return value
    }
}
