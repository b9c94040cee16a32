import ArcaWire

/// The stored form of `KVMetadata` at `metadata/<key>`: a binary record (`RecordWriter`) that
/// starts with the format byte. Every data write stores its key's metadata again; as JSON, a key
/// with ten versions took about 1.3 KB, more than SQLite keeps in a 4 KiB leaf page, so every
/// write also replaced an overflow page (and updated the free list). The record takes about a
/// third of that. Stores written before hold a JSON object (first byte `{`), which still reads.
extension KVMetadata {
    /// The record's first byte; a JSON object's first byte is `{` (or white space).
    static let recordFormat: UInt8 = 0x01

    var storageBytes: [UInt8] {
        var w = RecordWriter(capacity: 96 + versions.count * 72)
        w.byte(Self.recordFormat)
        w.string(createdTime)
        w.string(updatedTime)
        w.int(currentVersion)
        w.int(currentMetadataVersion)
        w.int(oldestVersion)
        w.int(maxVersions)
        w.int(deleteVersionAfter)
        w.bool(casRequired)
        w.int(customMetadata.count)
        for (key, value) in customMetadata.sorted(by: { $0.key < $1.key }) {
            w.string(key)
            w.string(value)
        }
        w.int(versions.count)
        for (n, version) in versions.sorted(by: { $0.key < $1.key }) {
            w.int(n)
            w.string(version.createdTime)
            w.string(version.deletionTime)
            w.bool(version.destroyed)
        }
        return w.bytes
    }

    /// Reads either stored form; nil for a JSON document that is not an object.
    static func decode(stored bytes: [UInt8]) throws -> KVMetadata? {
        guard bytes.first == recordFormat else {
            let json = try JSONParser.parse(bytes)
            return json.objectValue == nil ? nil : KVMetadata(json: json)
        }
        var r = RecordReader(bytes, from: 1)
        var m = KVMetadata(createdTime: try r.string())
        m.updatedTime = try r.string()
        m.currentVersion = try r.int()
        m.currentMetadataVersion = try r.int()
        m.oldestVersion = try r.int()
        m.maxVersions = try r.int()
        m.deleteVersionAfter = try r.int()
        m.casRequired = try r.bool()
        for _ in 0..<(try r.count()) {
            let key = try r.string()
            m.customMetadata[key] = try r.string()
        }
        for _ in 0..<(try r.count()) {
            let n = try r.int()
            m.versions[n] = KVVersion(createdTime: try r.string(), deletionTime: try r.string(), destroyed: try r.bool())
        }
        guard r.atEnd else { throw RecordReader.Malformed(what: "trailing bytes") }
        return m
    }
}
