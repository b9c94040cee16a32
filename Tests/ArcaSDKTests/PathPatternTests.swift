import ArcaSDK
import Testing

@Suite struct PathPatternTests {
    @Test("patterns", arguments: [
        ("config", "config", ["": ""]),
        ("config", "configs", nil),
        ("data/{path*}", "data/a/b/c", ["path": "a/b/c"]),
        ("data/{path*}", "data/", ["path": ""]),
        ("role/{name}", "role/my-role.v1", ["name": "my-role.v1"]),
        ("role/{name}", "role/a/b", nil),
        ("role/{name}", "role/a@b", nil),
        ("role/{name@}", "role/a@b", ["name": "a@b"]),
        ("mounts/{path*}/tune", "mounts/secret/tune", ["path": "secret"]),
        ("mounts/{path*}/tune", "mounts/a/b/tune", ["path": "a/b"]),
        ("mounts/?", "mounts", ["": ""]),
        ("mounts/?", "mounts/", ["": ""]),
        ("keys/{name}/rotate", "keys/k1/rotate", ["name": "k1"]),
        ("role/{name}", "role/a b", nil),
        ("role/{name}/", "role/x/", ["name": "x"]),
        // Beyond ASCII, letters and numbers (with their combining marks) are name characters.
        ("role/{name}", "role/café", ["name": "café"]),
        ("data/{path*}", "data/ü/x", ["path": "ü/x"]),
        ("keys/{name}/rotate", "keys/日本/rotate", ["name": "日本"]),
        ("role/{name}", "role/a→b", nil),
        ("role/{name}", "role/cafe\u{301}", ["name": "cafe\u{301}"]),
        ("role/{name}", "role/x٣", ["name": "x٣"]),
    ] as [(String, String, [String: String]?)])
    func matching(pattern: String, path: String, expected: [String: String]?) {
        let result = PathPattern(pattern).match(path)
        if let expected {
            #expect(result == expected.filter { !$0.key.isEmpty })
        } else {
            #expect(result == nil)
        }
    }
}

@Suite struct FieldCoercionTests {
    @Test("durations from strings and numbers")
    func durations() throws {
        #expect(try Int.coerce("1h30m", as: .durationSeconds) == 5400)
        #expect(try Int.coerce(90, as: .durationSeconds) == 90)
        #expect(try Int.coerce("45", as: .durationSeconds) == 45)
        #expect(throws: FieldCoercionError.self) { try Int.coerce("soon", as: .durationSeconds) }
    }

    @Test("bools, ints, lists, maps")
    func others() throws {
        #expect(try Bool.coerce("true", as: .bool) && !(try Bool.coerce(0, as: .bool)))
        #expect(try Int.coerce("5", as: .int) == 5)
        #expect(throws: FieldCoercionError.self) { try Int.coerce("x", as: .int) }
        #expect(try [String].coerce("a, b,c", as: .commaStringSlice) == ["a", "b", "c"])
        #expect(try [String].coerce(["a", "b"], as: .commaStringSlice) == ["a", "b"])
        #expect(try [String: ArcaWire.JSONValue].coerce(["k=v", "x=y=z"], as: .kvPairs) == ["k": "v", "x": "y=z"])
    }
}

import ArcaWire

@Suite struct PathRouterTests {
    static let name = Field<String>("name", description: "n")
    static let count = Field<Int>("count", default: 3, description: "c")

    let router = PathRouter(paths: [
        Path("things/{name}", fields: [name.spec, count.spec], operations: [
            .read: { _, f in .data(["name": .string(try f[PathRouterTests.name]), "count": .int(try f[PathRouterTests.count])]) },
            .update: { _, f in .data(["given": .bool(try f.ifPresent(PathRouterTests.count) != nil)]) },
        ], synopsis: "Things."),
        Path("things/{name}", operations: [.delete: { _, _ in nil }], synopsis: "Never reached for reads."),
    ], help: "test")

    func request(_ op: ArcaSDK.Operation, _ path: String, _ data: [String: JSONValue] = [:]) -> LogicalRequest {
        LogicalRequest(operation: op, path: path, data: data, storage: InMemoryStorageForTests())
    }

    @Test("captures become fields, defaults apply, first match wins")
    func basics() async throws {
        let r = try await router.handle(request(.read, "things/a"))
        #expect(r?.data == ["name": "a", "count": 3])
        // An ASCII path is matched as bytes, any other as Unicode scalars: the same route either way.
        let unicode = try await router.handle(request(.read, "things/café"))
        #expect(unicode?.data == ["name": "café", "count": 3])
        await #expect(throws: LogicalError.unsupportedPath) { try await router.handle(request(.read, "things/a→b")) }
        await #expect(throws: LogicalError.unsupportedOperation) { try await router.handle(request(.delete, "things/a")) }
        await #expect(throws: LogicalError.unsupportedPath) { try await router.handle(request(.read, "other")) }
    }

    @Test("URL captures override the body, with a warning; unknown fields warn")
    func warnings() async throws {
        let r = try await router.handle(request(.update, "things/a", ["name": "b", "extra": 1, "count": "7"]))
        #expect(r?.data == ["given": true])
        #expect(r?.warnings.contains { $0.contains("replaced the value of key \"name\"") } == true)
        #expect(r?.warnings.contains("Endpoint ignored these unrecognized parameters: [extra]") == true)
        // Declared fields and captures are never reported as unrecognized; the rest are, sorted.
        let quiet = try await router.handle(request(.update, "things/a", ["count": 1]))
        #expect(quiet?.warnings.isEmpty == true)
        let two = try await router.handle(request(.update, "things/a", ["zeta": 1, "alpha": 2, "name": "a"]))
        #expect(two?.warnings == ["Endpoint ignored these unrecognized parameters: [alpha zeta]"])
    }

    @Test("a field of the wrong type is a 400")
    func validation() async throws {
        await #expect(throws: LogicalError.invalidRequest(
            "Field validation failed: error converting input for field \"count\": '' cannot parse value as 'int': strconv.ParseInt: invalid syntax")
        ) { try await router.handle(request(.update, "things/a", ["count": "many"])) }
    }

    @Test("create falls back to update; help is generated")
    func createAndHelp() async throws {
        #expect(try await router.handle(request(.create, "things/a"))?.data == ["given": false])
        let help = try await router.handle(request(.help, "things/a"))
        #expect(help?.data?["help"]?.stringValue?.contains("count (int)") == true)
    }
}

/// Minimal in-memory logical storage for SDK tests.
final class InMemoryStorageForTests: Storage, @unchecked Sendable {
    func get(_ key: String) async throws -> StorageEntry? { nil }
    func put(_ entry: StorageEntry) async throws {}
    func delete(_ key: String) async throws {}
    func list(prefix: String) async throws -> [String] { [] }
}
