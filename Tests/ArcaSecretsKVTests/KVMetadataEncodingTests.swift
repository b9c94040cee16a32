@testable import ArcaSecretsKV
import ArcaWire
import Testing

/// `storageBytes` writes the metadata without building a `JSONValue`; it must give the bytes the
/// generic writer gives for `storageJSON`, so stores written by either read back alike.
@Suite struct KVMetadataEncodingTests {
    static func sample(versions: Int, custom: [String: String], cas: Bool, deleteAfter: Int) -> KVMetadata {
        var m = KVMetadata(createdTime: "2026-12-06T10:00:00.123456789Z")
        m.updatedTime = "2026-12-06T11:00:00.5Z"
        m.casRequired = cas
        m.deleteVersionAfter = deleteAfter
        m.maxVersions = 12
        m.customMetadata = custom
        for n in stride(from: 1, through: versions, by: 1) {
            m.versions[n] = KVVersion(
                createdTime: "2026-12-06T10:00:\(n % 60)Z",
                deletionTime: n % 3 == 0 ? "2026-12-07T00:00:00Z" : "",
                destroyed: n % 4 == 0)
        }
        m.currentVersion = versions
        m.oldestVersion = versions > 0 ? 1 : 0
        m.currentMetadataVersion = versions + 2
        return m
    }

    static let cases: [KVMetadata] = [
        KVMetadata(createdTime: ""),
        sample(versions: 1, custom: [:], cas: false, deleteAfter: 0),
        // Twelve versions: "10", "11", "12" sort before "2".
        sample(versions: 12, custom: ["owner": "team-a", "env": "prod"], cas: true, deleteAfter: 3_700),
        // Keys and values that need escaping: quotes, backslash, control and HTML characters, U+2028.
        sample(
            versions: 3, custom: ["q\"uote": "back\\slash", "<tag>&": "line\nbreak\u{1}", "é": "\u{2028}x\u{2029}"],
            cas: false, deleteAfter: 90),
    ]

    @Test(arguments: cases)
    func sameBytesAsTheGenericWriter(_ m: KVMetadata) {
        #expect(m.storageBytes == JSONWriter.encode(m.storageJSON))
    }

    @Test(arguments: cases)
    func readsBackWhole(_ m: KVMetadata) throws {
        #expect(KVMetadata(json: try JSONParser.parse(m.storageBytes)) == m)
    }
}
