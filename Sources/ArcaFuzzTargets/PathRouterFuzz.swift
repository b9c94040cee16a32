import ArcaAuthTesting
import ArcaFuzzing
import ArcaSDK
import ArcaWire
import Synchronization

/// `PathRouter` with Vault's request semantics, driven by `op-byte path LF json-body`.
///
/// Checked against a model: the first matching pattern routes; no route is `unsupportedPath`; a
/// missing operation is `unsupportedOperation` (create falls back to update); URL captures win
/// over body fields; undeclared fields are warned about, exactly those; when validation lets a
/// request through, every typed read in the handler succeeds, and when it refuses one, some
/// declared field really does not coerce. Nothing but a `LogicalError` ever comes out.
enum PathRouterFuzz {
    enum F {
        static let ttl = Field<Int>("ttl", .durationSeconds, description: "")
        static let maxTTL = Field<Int>("max_ttl", .durationSeconds, default: "768h", description: "")
        static let num = Field<Int>("num", description: "")
        static let enabled = Field<Bool>("enabled", description: "")
        static let name = Field<String>("name", description: "")
        static let policies = Field<[String]>("policies", description: "")
        static let statements = Field<[String]>("statements", .stringSlice, description: "")
        static let meta = Field<[String: JSONValue]>("meta", .kvPairs, description: "")
        static let options = Field<[String: JSONValue]>("options", description: "")
        static let path = Field<String>("path", description: "")
        static let accessor = Field<String>("accessor", description: "")
    }

    /// Reads every typed field the path declares; the message of the first read that fails.
    static func readAll(_ f: FieldData, declared: Set<String>) -> String? {
        func read<T>(_ field: Field<T>) throws { if declared.contains(field.name) { _ = try f[field] } }
        do {
            try read(F.ttl); try read(F.maxTTL); try read(F.num); try read(F.enabled); try read(F.name)
            try read(F.policies); try read(F.statements); try read(F.meta); try read(F.options)
            try read(F.path); try read(F.accessor)
            return nil
        } catch {
            return "\(error)"
        }
    }

    static let allFields = [F.ttl.spec, F.maxTTL.spec, F.num.spec, F.enabled.spec, F.name.spec, F.policies.spec,
        F.statements.spec, F.meta.spec, F.options.spec]

    static func handler(_ fields: [FieldSpec]) -> Path.Handler {
        let declared = Set(fields.map(\.name))
        return { _, data in
            var out: [String: JSONValue] = ["read_error": readAll(data, declared: declared).map(JSONValue.string) ?? .null]
            for key in ["name", "path", "accessor"] { out["seen_" + key] = data.raw[key] ?? .null }
            return .data(out)
        }
    }

    static func path(
        _ pattern: String, _ fields: [FieldSpec], _ ops: [Operation], arbitrary: Bool = false
    ) -> Path {
        let h = handler(fields)
        return Path(
            pattern, fields: fields, operations: Dictionary(uniqueKeysWithValues: ops.map { ($0, h) }), synopsis: pattern,
            takesArbitraryInput: arbitrary)
    }

    static let paths: [Path] = [
        path("config", allFields, [.read, .update]),
        path("roles/?", [], [.list]),
        path("roles/{name}", allFields, [.read, .create, .update, .delete]),
        path("roles/{name}/secret-id/{accessor@}", [F.name.spec, F.accessor.spec, F.ttl.spec], [.read, .delete]),
        path("data/{path*}", [F.path.spec], [.read, .update, .patch], arbitrary: true),
        path("keys/{name}/rotate/?", [F.name.spec, F.num.spec], [.update]),
        path("{path*}/config", [F.path.spec, F.enabled.spec], [.read]),
    ]

    static let router = PathRouter(paths: paths, help: "fuzz")
    static let storage = MemoryStorage()
    static let operations: [Operation] = [.read, .create, .update, .patch, .delete, .list, .help, .scan]

    static let target = FuzzTarget(
        name: "path-router",
        seedBytes: [
            [2] + Array("roles/r1\n{\"name\":\"other\",\"ttl\":\"1h\",\"policies\":\"a, b,,c\",\"meta\":[\"k=v\",\"x==\"]}".utf8),
            [1] + Array("config\n{\"ttl\":-1,\"max_ttl\":9223372036854775807,\"enabled\":\"t\",\"num\":\" 5 \",\"bogus\":1}".utf8),
            [0] + Array("roles/r/secret-id/a@b.c\n{\"accessor\":\"x\",\"ttl\":\"1.5h\"}".utf8),
            [3] + Array("data/a/b/\n{\"anything\":[1,2],\"path\":\"p\"}".utf8),
            [2] + Array("keys/k/rotate/\n{\"num\":1e3}".utf8), [6] + Array("x/y/config\n{}".utf8),
            [1] + Array("config\n{\"enabled\":2,\"statements\":\"a;b, c\",\"options\":[]}".utf8),
        ],
        dictionary: [
            "\"ttl\":", "\"max_ttl\":", "\"num\":", "\"enabled\":", "\"name\":", "\"policies\":", "\"statements\":", "\"meta\":",
            "\"options\":", "\"path\":", "\"accessor\":", "\"1h\"", "\"-1s\"", "1e400", "\"1.5\"", "[\"a=b\"]", "null", "{}", "[]",
            "roles/", "/", "data/", "config", "keys/", "/rotate", "secret-id/", "@",
        ],
        maxLength: 1024,
        body: .async(check))

    @Sendable static func check(_ bytes: [UInt8]) async throws(FuzzViolation) -> FuzzTarget.Outcome {
        guard let opByte = bytes.first else { return .rejected }
        let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
        let newline = text.firstIndex(of: "\n") ?? text.endIndex
        let path = String(text[..<newline])
        let bodyText = newline == text.endIndex ? "" : String(text[text.index(after: newline)...])
        let data = (try? JSONParser.parse(bodyText))?.objectValue ?? [:]
        let operation = operations[Int(opByte) % operations.count]
        let request = LogicalRequest(operation: operation, path: path, data: data, storage: storage)

        let result: Result<LogicalResponse?, LogicalError>
        do {
            result = .success(try await router.handle(request))
        } catch let error as LogicalError {
            result = .failure(error)
        } catch {
            throw FuzzViolation("a non-LogicalError escaped: \(error)")
        }

        // The model.
        guard let (route, captures) = paths.lazy.compactMap({ p in p.pattern.match(path).map { (p, $0) } }).first else {
            try fuzzRequire(result.failure == .unsupportedPath, "unrouted path gave \(result)")
            return .rejected
        }
        if operation == .help {
            try fuzzRequire(result.success??.data?["help"]?.stringValue != nil, "help gave \(result)")
            return .accepted
        }
        if route.operations[operation] == nil && !(operation == .create && route.operations[.update] != nil) {
            try fuzzRequire(result.failure == .unsupportedOperation, "missing operation gave \(result)")
            return .rejected
        }
        var merged = data
        for (k, v) in captures { merged[k] = .string(v) }
        switch result {
        case .failure(let error):
            guard case .invalidRequest(let message) = error, message.hasPrefix("Field validation failed") else {
                throw FuzzViolation("unexpected error \(error)")
            }
            let declared = Dictionary(route.fields.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            let someFieldFails = merged.contains { name, value in
                guard value != .null, let spec = declared[name] else { return false }
                return (try? spec.validate(value)) == nil
            }
            try fuzzRequire(someFieldFails, "validation refused \(merged) though every field coerces")
            return .rejected
        case .success(let response):
            let out = response?.data ?? [:]
            try fuzzRequire(out["read_error"] == .null, "a typed read failed after validation: \(out["read_error"] ?? .null)")
            for (name, value) in captures {
                try fuzzRequire(out["seen_" + name] == .string(value), "capture \(name) did not win over the body")
            }
            let unknown = merged.keys.filter { key in captures[key] == nil && !route.fields.contains { $0.name == key } }.sorted()
            let warned = response?.warnings.first { $0.hasPrefix("Endpoint ignored these unrecognized parameters") }
            if route.takesArbitraryInput || unknown.isEmpty {
                try fuzzRequire(warned == nil, "warned of unknown fields when there were none")
            } else {
                try fuzzRequire(
                    warned == "Endpoint ignored these unrecognized parameters: [\(unknown.joined(separator: " "))]",
                    "unknown-field warning \(warned ?? "none") for \(unknown)")
            }
            return .accepted
        }
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }
    fileprivate var success: Success? {
        if case .success(let s) = self { return s }
        return nil
    }
}
