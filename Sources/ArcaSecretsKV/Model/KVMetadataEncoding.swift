import ArcaWire

/// The stored form of `KVMetadata`, written straight into bytes: every data write stores its key's
/// metadata again, and building the `JSONValue` tree of `storageJSON` (a dictionary per version,
/// then sorting each object's members) cost more than the rest of the encoding. The bytes are the
/// very ones `JSONWriter.encode(storageJSON)` gives (members in sorted order, the same escaping),
/// so stores written before and after read back alike.
extension KVMetadata {
    var storageBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(320 + versions.count * 96)
        // Members in the order JSONWriter sorts them.
        out.append(contentsOf: #"{"cas_required":"#.utf8)
        out.append(contentsOf: (casRequired ? "true" : "false").utf8)
        out.append(contentsOf: #","created_time":"#.utf8)
        JSONWriter.write(string: createdTime, into: &out)
        out.append(contentsOf: #","current_metadata_version":"#.utf8)
        out.append(contentsOf: String(currentMetadataVersion).utf8)
        out.append(contentsOf: #","current_version":"#.utf8)
        out.append(contentsOf: String(currentVersion).utf8)
        out.append(contentsOf: #","custom_metadata":"#.utf8)
        if customMetadata.isEmpty {
            out.append(contentsOf: "null".utf8)
        } else {
            out.append(UInt8(ascii: "{"))
            for (i, member) in customMetadata.sorted(by: { $0.key < $1.key }).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.write(string: member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                JSONWriter.write(string: member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: #","delete_version_after":"#.utf8)
        JSONWriter.write(string: DurationFormat.string(deleteVersionAfter), into: &out)
        out.append(contentsOf: #","max_versions":"#.utf8)
        out.append(contentsOf: String(maxVersions).utf8)
        out.append(contentsOf: #","metadata_cas_required":false,"oldest_version":"#.utf8)
        out.append(contentsOf: String(oldestVersion).utf8)
        out.append(contentsOf: #","updated_time":"#.utf8)
        JSONWriter.write(string: updatedTime, into: &out)
        out.append(contentsOf: #","versions":{"#.utf8)
        // Object members sort as strings: "10" before "9".
        for (i, (number, version)) in versions.map({ (String($0.key), $0.value) }).sorted(by: { $0.0 < $1.0 }).enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: number.utf8)
            out.append(contentsOf: #"":{"created_time":"#.utf8)
            JSONWriter.write(string: version.createdTime, into: &out)
            out.append(contentsOf: #","deletion_time":"#.utf8)
            JSONWriter.write(string: version.deletionTime, into: &out)
            out.append(contentsOf: #","destroyed":"#.utf8)
            out.append(contentsOf: (version.destroyed ? "true}" : "false}").utf8)
        }
        out.append(contentsOf: "}}".utf8)
        return out
    }
}
