@testable import ArcaSecretsKV
import ArcaWire
import Testing

/// The binary record `metadata/<key>` stores: it reads back whole, it reads the JSON that stores
/// written before it hold, and a damaged record is an error rather than a wrong value.
@Suite struct KVMetadataRecordTests {
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

    static let cases: [KVMetadata] = {
        var large = sample(versions: 3, custom: [:], cas: false, deleteAfter: Int(Int32.max) * 4)
        large.currentVersion = Int.max
        large.versions[Int.max] = KVVersion(createdTime: "", deletionTime: "", destroyed: true)
        large.versions[1_000_000] = KVVersion(createdTime: String(repeating: "t", count: 300))
        return [
            KVMetadata(createdTime: ""),
            sample(versions: 1, custom: [:], cas: false, deleteAfter: 0),
            sample(versions: 12, custom: ["owner": "team-a", "env": "prod"], cas: true, deleteAfter: 3_700),
            // Strings that JSON would escape, and characters beyond ASCII.
            sample(
                versions: 3, custom: ["q\"uote": "back\\slash", "<tag>&": "line\nbreak\u{1}\u{0}", "é": "\u{2028}x🔑"],
                cas: false, deleteAfter: 90),
            // Integers that need the longest varints.
            large,
        ]
    }()

    @Test(arguments: cases)
    func readsBackWhole(_ m: KVMetadata) throws {
        let bytes = m.storageBytes
        #expect(bytes.first == KVMetadata.recordFormat)
        #expect(try KVMetadata.decode(stored: bytes) == m)
    }

    @Test(arguments: cases)
    func readsTheJSONOfEarlierStores(_ m: KVMetadata) throws {
        #expect(try KVMetadata.decode(stored: JSONWriter.encode(m.wireJSON)) == m)
    }

    @Test func keepsTenVersionsInALeafPage() {
        // SQLite's 4 KiB leaf keeps up to about 1,000 bytes of a row locally; the JSON of ten versions took 1.3 KB.
        var m = Self.sample(versions: 10, custom: ["owner": "team-a"], cas: false, deleteAfter: 0)
        for n in 1...10 { m.versions[n]?.createdTime = "2026-12-06T10:00:00.123456789Z" }
        #expect(JSONWriter.encode(m.wireJSON).count > 1_200)
        #expect(m.storageBytes.count < 500)
    }

    @Test func aDamagedRecordIsAnError() {
        let bytes = Self.sample(versions: 4, custom: ["a": "b"], cas: true, deleteAfter: 60).storageBytes
        // Every truncation fails: no prefix of a record is a record.
        for end in 1..<bytes.count {
            #expect(throws: (any Error).self) { try KVMetadata.decode(stored: Array(bytes[..<end])) }
        }
        #expect(throws: RecordReader.Malformed.self) { try KVMetadata.decode(stored: bytes + [0]) }
        var badBool = KVMetadata(createdTime: "").storageBytes
        badBool[badBool.count - 3] = 7  // cas_required
        #expect(throws: RecordReader.Malformed.self) { try KVMetadata.decode(stored: badBool) }
        // A length beyond the record, and a string that is not UTF-8.
        #expect(throws: RecordReader.Malformed.self) { try KVMetadata.decode(stored: [KVMetadata.recordFormat, 0x7e]) }
        #expect(throws: RecordReader.Malformed.self) { try KVMetadata.decode(stored: [KVMetadata.recordFormat, 2, 0xff]) }
        // A varint longer than 64 bits.
        let tooLong = [KVMetadata.recordFormat, 0] + [UInt8](repeating: 0xff, count: 10) + [0x01]
        #expect(throws: RecordReader.Malformed.self) { try KVMetadata.decode(stored: tooLong) }
    }
}
