import ArcaSDK
import ArcaWire
import FoundationEssentials
import Testing

/// A backup is client data. Before the fix a backup whose version was created at the end of time
/// trapped converting it back to nanoseconds, and one with `latest_version` at Int.max trapped at
/// the next rotation.
@Suite struct TransitRestoreBoundsTests {
    /// The backup of a fresh exportable key, with its policy edited by `change`.
    func tampered(_ h: TransitHarness, _ change: (inout [String: JSONValue]) -> Void) async throws -> JSONValue {
        _ = try await h.write("keys/k", ["exportable": true, "allow_plaintext_backup": true])
        let text = try #require(try await h.call(.read, "backup/k")?.data?["backup"]?.stringValue)
        let raw = try #require(Data(base64Encoded: text))
        var doc = try #require(try JSONParser.parse(Array(raw)).objectValue)
        var policy = try #require(doc["policy"]?.objectValue)
        change(&policy)
        doc["policy"] = .object(policy)
        return .string(Data(JSONWriter.encode(.object(doc))).base64EncodedString())
    }

    @Test("a version created at the end of time restores, reads and rotates without a trap")
    func farCreationTime() async throws {
        let h = TransitHarness()
        let backup = try await tampered(h) { policy in
            var versions = policy["versions"]?.objectValue ?? [:]
            var v1 = versions["1"]?.objectValue ?? [:]
            v1["creation_ns"] = .number(JSONNumber(Int64.max))
            versions["1"] = .object(v1)
            policy["versions"] = .object(versions)
        }
        _ = try await h.write("restore/far", ["backup": backup])
        #expect(try await h.call(.read, "keys/far")?.data?["latest_version"] == 1)
        _ = try await h.write("keys/far/rotate")
        #expect(try await h.call(.read, "keys/far")?.data?["latest_version"] == 2)
    }

    @Test("out-of-range versions and periods are refused", arguments: [
        ("latest_version", JSONValue.number(JSONNumber(Int64.max))), ("latest_version", 0),
        ("min_decryption_version", .number(JSONNumber(Int64.max))), ("auto_rotate_period", -1),
        ("auto_rotate_period", .number(JSONNumber(Int64.max))),
    ])
    func refused(_ key: String, _ value: JSONValue) async throws {
        let h = TransitHarness()
        let backup = try await tampered(h) { $0[key] = value }
        #expect(await h.refusal("restore/bad", ["backup": backup]) == "failed to restore the policy: the backup is not valid")
    }
}
