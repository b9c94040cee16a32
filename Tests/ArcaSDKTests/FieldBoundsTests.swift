import ArcaSDK
import ArcaWire
import Testing

/// Duration and integer fields as OpenBao reads them: bounded, negative durations refused, the
/// texts its 400s carry (checked against `bao server -dev`). Before this suite's fix a duration
/// field let `-1` and `9223372036854775000` through as seconds, which later arithmetic trapped on.
@Suite struct FieldBoundsTests {
    static let overflow = DurationParser.overflowMessage

    func duration(_ raw: JSONValue, signed: Bool = false) -> Result<Int, FieldCoercionError> {
        Result { () throws(FieldCoercionError) -> Int in try Int.coerce(raw, as: signed ? .signedDurationSeconds : .durationSeconds) }
    }

    func integer(_ raw: JSONValue) -> Result<Int, FieldCoercionError> {
        Result { () throws(FieldCoercionError) -> Int in try Int.coerce(raw, as: .int) }
    }

    @Test("a duration field: numbers are their literal, seconds or a Go duration", arguments: [
        (.int(3600), 3600), ("1h30m", 5400), ("7d", 604_800), (.number(JSONNumber(validatedLiteral: "-0")), 0), ("", 0),
        (.int(9_223_372_036), 9_223_372_036),
    ] as [(JSONValue, Int)])
    func durationAccepted(_ raw: JSONValue, _ seconds: Int) {
        #expect(duration(raw) == .success(seconds))
    }

    @Test("a duration field refuses what OpenBao refuses, with its text", arguments: [
        (.int(-1), "cannot provide negative value '-1'"),
        ("-1s", "cannot provide negative value '-1'"),
        ("-1d", "cannot provide negative value '-86400'"),
        (.number(JSONNumber(validatedLiteral: "9223372036854775000")), overflow),
        ("9223372036854775000", overflow),
        (.int(9_223_372_037), overflow),
        (.number(JSONNumber(validatedLiteral: "99999999999999999999")), #"time: invalid duration "99999999999999999999""#),
        (.number(JSONNumber(validatedLiteral: "1.5")), #"time: missing unit in duration "1.5""#),
        (.number(JSONNumber(validatedLiteral: "1e30")), #"time: unknown unit "e" in duration "1e30""#),
        ("garbage", #"time: invalid duration "garbage""#),
        (true, "could not parse duration from input"),
        ([1], "could not parse duration from input"),
        ([:], "could not parse duration from input"),
    ] as [(JSONValue, String)])
    func durationRefused(_ raw: JSONValue, _ message: String) {
        #expect(duration(raw) == .failure(FieldCoercionError(message)))
    }

    @Test("a signed duration field keeps negatives, within the same bound")
    func signedDuration() {
        #expect(duration(-1, signed: true) == .success(-1))
        #expect(duration("-5m", signed: true) == .success(-300))
        #expect(duration("-9223372036", signed: true) == .success(-9_223_372_036))
        #expect(duration("-9223372037", signed: true) == .failure(FieldCoercionError(Self.overflow)))
        #expect(duration(.number(JSONNumber(validatedLiteral: "-9223372036854775808")), signed: true)
            == .failure(FieldCoercionError(Self.overflow)))
    }

    @Test("an integer field: Go's strconv.ParseInt texts (KV version, cas, max_versions)", arguments: [
        ("99999999999999999999", "'' cannot parse value as 'int': strconv.ParseInt: value out of range"),
        (.number(JSONNumber(validatedLiteral: "99999999999999999999")), "'' cannot parse value as 'int': strconv.ParseInt: value out of range"),
        ("-99999999999999999999", "'' cannot parse value as 'int': strconv.ParseInt: value out of range"),
        ("abc", "'' cannot parse value as 'int': strconv.ParseInt: invalid syntax"),
        ("1.5", "'' cannot parse value as 'int': strconv.ParseInt: invalid syntax"),
        (.number(JSONNumber(validatedLiteral: "1.5")), "'' cannot parse value as 'int': strconv.ParseInt: invalid syntax"),
        (" 12", "'' cannot parse value as 'int': strconv.ParseInt: invalid syntax"),
        ("  ", "'' cannot parse value as 'int': strconv.ParseInt: invalid syntax"),
        ([1], "'' expected type 'int', got unconvertible type '[]interface {}'"),
        ([:], "'' expected type 'int', got unconvertible type 'map[string]interface {}'"),
    ] as [(JSONValue, String)])
    func integerRefused(_ raw: JSONValue, _ message: String) {
        #expect(integer(raw) == .failure(FieldCoercionError(message)))
    }

    @Test("an integer field accepts a sign, the 64-bit range and an empty string (0)", arguments: [
        ("+5", 5), ("-5", -5), ("", 0), ("9223372036854775807", Int.max), ("-9223372036854775808", Int.min),
        (.int(7), 7), (.number(JSONNumber(validatedLiteral: "3.0")), 3),
    ] as [(JSONValue, Int)])
    func integerAccepted(_ raw: JSONValue, _ value: Int) {
        #expect(integer(raw) == .success(value))
    }

    /// OpenBao reports a bad field of a create or update on a path with an existence check (a
    /// role, a user, KV metadata) without the "Field validation failed" prefix; elsewhere with it.
    @Test("validation's wording follows the path's existence check")
    func validationWording() async throws {
        let ttl = Field<Int>("ttl", .durationSeconds, description: "")
        let handler: Path.Handler = { _, f in .data(["ttl": .int(try f[ttl])]) }
        let router = PathRouter(paths: [
            Path("roles/{name}", fields: [ttl.spec], operations: [.create: handler, .update: handler, .read: handler],
                 existenceCheck: { _, _ in false }, synopsis: "roles"),
            Path("config", fields: [ttl.spec], operations: [.update: handler], synopsis: "config"),
        ], help: "test")
        func call(_ op: ArcaSDK.Operation, _ path: String) async throws {
            _ = try await router.handle(
                LogicalRequest(operation: op, path: path, data: ["ttl": -1], storage: InMemoryStorageForTests()))
        }
        let message = "error converting input for field \"ttl\": cannot provide negative value '-1'"
        await #expect(throws: LogicalError.invalidRequest(message)) { try await call(.create, "roles/a") }
        await #expect(throws: LogicalError.invalidRequest(message)) { try await call(.update, "roles/a") }
        await #expect(throws: LogicalError.invalidRequest("Field validation failed: " + message)) { try await call(.read, "roles/a") }
        await #expect(throws: LogicalError.invalidRequest("Field validation failed: " + message)) { try await call(.update, "config") }
    }
}
