import ArcaCore
import ArcaCrypto
import ArcaSDK
import ArcaWire
import FoundationEssentials
import Testing

@Suite struct AuditFormatterTests {
    static let salt = SecretBytes([UInt8](repeating: 1, count: 32))
    static let time = Date(timeIntervalSince1970: 1_795_000_000)

    /// HMAC-SHA256 under `salt` of the test values (computed independently with Python's hmac).
    static let h = [
        "hunter2": "hmac-sha256:f26b540759235a9d2d6decc1bddffcf36ee1b113d12bf4928ebdfc77a8d2a181",
        "s.roottoken": "hmac-sha256:ec8017b9b2828183e2fd9ebc05336e4c2af135129fd3a0e957d70bddf2a21976",
        "acc123": "hmac-sha256:2ad45f82101e8f57620ea8c9de17c513bcc394770e304e20c39583a94ef5903a",
        "x": "hmac-sha256:9a6525695460ebcfaee4b950ffa6c3c733d87c4af567a4bdfd2ae664147b7fc0",
        "s.child": "hmac-sha256:0077031ffa594966254787480383bada570d9b48ecc0f1b23c329d38757ce3f6",
        "childacc": "hmac-sha256:c81427b13914a4e6082e97bdb0d71a97dc99ade6eefbd6848556606e8f7d636e",
        "wraptok": "hmac-sha256:ccb69eb263dbcf6a6c22da0face6b5c32753feb14c077655a2d0d99bb43599de",
        "wrapacc": "hmac-sha256:eff6642badb2587a77b8bae915cb57e2e2b6c249e3472a13b215182bb39f8b2e",
        "ok": "hmac-sha256:4cbfc4b53b6062844dc12112272d017ccf20eacd7bb0178de0a6da99e23c51e1",
    ]

    func formatter(_ configure: (inout AuditFormatOptions) -> Void = { _ in }) -> AuditFormatter {
        var options = AuditFormatOptions()
        configure(&options)
        return AuditFormatter(options: options, hasher: AuditHasher(salt: Self.salt))
    }

    var rootAuth: AuditAuth {
        var auth = AuditAuth()
        auth.clientToken = "s.roottoken"
        auth.accessor = "acc123"
        auth.displayName = "root"
        auth.policies = ["root"]
        auth.tokenPolicies = ["root"]
        auth.tokenType = "service"
        auth.tokenIssueTime = "2026-11-18T10:50:00Z"
        return auth
    }

    var kvWrite: AuditRequest {
        var request = AuditRequest(
            id: "req-1", operation: .create, path: "secret/data/app",
            data: ["data": ["password": "hunter2", "n": 5, "nested": ["a": ["x", 1, true, nil]]]])
        request.clientToken = "s.roottoken"
        request.clientTokenAccessor = "acc123"
        request.route(to: MountInfo(path: "secret/", type: "kv", accessor: "kv_1234"))
        request.remoteAddress = "127.0.0.1"
        return request
    }

    @Test("a request entry has Vault's shape; strings in data and tokens are hashed, numbers and booleans kept")
    func requestGolden() {
        let entry = formatter().requestEntry(auth: rootAuth, request: kvWrite, error: nil, time: Self.time)
        let h = Self.h
        let expected: JSONValue = [
            "time": "2026-11-18T11:06:40Z", "type": "request",
            "auth": [
                "client_token": .string(h["s.roottoken"]!), "accessor": .string(h["acc123"]!), "display_name": "root",
                "policies": ["root"], "token_policies": ["root"], "token_type": "service",
                "token_issue_time": "2026-11-18T10:50:00Z",
            ],
            "request": [
                "id": "req-1", "operation": "create", "mount_type": "kv", "mount_accessor": "kv_1234",
                "mount_point": "secret/", "client_token": .string(h["s.roottoken"]!),
                "client_token_accessor": .string(h["acc123"]!), "namespace": ["id": "root"], "path": "secret/data/app",
                "data": ["data": ["password": .string(h["hunter2"]!), "n": 5, "nested": ["a": [.string(h["x"]!), 1, true, nil]]]],
                "remote_address": "127.0.0.1",
            ],
        ]
        #expect(entry == expected)
        let line = String(decoding: formatter().line(entry), as: UTF8.self)
        #expect(line.hasSuffix("}\n") && line.filter { $0 == "\n" }.count == 1)
        #expect(!line.contains("hunter2") && !line.contains("s.roottoken"))
    }

    @Test("a response entry carries the response's data, auth and wrap info, hashed; the error when there is one")
    func responseGolden() {
        var response = AuditResponse(nil, mount: kvWrite)
        response.data = ["version": 1, "ok": "ok"]
        var child = AuditAuth()
        child.clientToken = "s.child"
        child.accessor = "childacc"
        child.policies = ["default"]
        child.tokenPolicies = ["default"]
        child.metadata = ["team": "a"]
        child.tokenType = "service"
        child.tokenTTL = 3600
        response.auth = child
        response.wrapInfo = ["token": "wraptok", "accessor": "wrapacc", "ttl": 60, "creation_path": "secret/data/app"]
        response.leaseID = "secret/creds/1"
        let entry = formatter().responseEntry(auth: rootAuth, request: kvWrite, response: response, error: "boom", time: Self.time)
        let h = Self.h
        #expect(entry["type"] == "response")
        #expect(entry["error"] == "boom")
        #expect(entry["request"] == formatter().requestEntry(auth: rootAuth, request: kvWrite, error: nil, time: Self.time)["request"])
        #expect(entry["response"] == [
            "mount_type": "kv", "mount_accessor": "kv_1234", "mount_point": "secret/",
            "data": ["version": 1, "ok": .string(h["ok"]!)],
            "auth": [
                "client_token": .string(h["s.child"]!), "accessor": .string(h["childacc"]!), "policies": ["default"],
                "token_policies": ["default"], "metadata": ["team": "a"], "token_type": "service", "token_ttl": 3600,
            ],
            "wrap_info": [
                "token": .string(h["wraptok"]!), "accessor": .string(h["wrapacc"]!), "ttl": 60, "creation_path": "secret/data/app",
            ],
            "secret": ["lease_id": "secret/creds/1"],
        ])
    }

    @Test("a request without a valid token: only token_type default, the presented token still hashed")
    func anonymous() {
        var request = AuditRequest(id: "r", operation: .read, path: "secret/data/app")
        request.clientToken = "x"
        let entry = formatter().requestEntry(auth: AuditAuth(), request: request, error: "permission denied", time: Self.time)
        #expect(entry["auth"] == ["token_type": "default"])
        #expect(entry["request"] == [
            "id": "r", "operation": "read", "namespace": ["id": "root"], "path": "secret/data/app",
            "client_token": .string(Self.h["x"]!),
        ])
        #expect(entry["error"] == "permission denied")
    }

    @Test("log_raw writes tokens and data in clear")
    func logRaw() {
        let line = String(decoding: formatter { $0.logRaw = true }.line(
            formatter { $0.logRaw = true }.requestEntry(auth: rootAuth, request: kvWrite, error: nil, time: Self.time)), as: UTF8.self)
        #expect(line.contains("\"password\":\"hunter2\"") && line.contains("\"client_token\":\"s.roottoken\""))
        #expect(!line.contains("hmac-sha256:"))
    }

    @Test("hmac_accessor=false leaves accessors readable and still hashes tokens")
    func clearAccessors() {
        let entry = formatter { $0.hmacAccessor = false }.requestEntry(auth: rootAuth, request: kvWrite, error: nil, time: Self.time)
        #expect(entry["auth"]?["accessor"] == "acc123")
        #expect(entry["request"]?["client_token_accessor"] == "acc123")
        #expect(entry["auth"]?["client_token"] == .string(Self.h["s.roottoken"]!))
    }

    @Test("prefix is written before each entry on the same line")
    func prefix() {
        let f = formatter { $0.prefix = "AUDIT " }
        let line = String(decoding: f.line(["a": 1]), as: UTF8.self)
        #expect(line == "AUDIT {\"a\":1}\n")
    }

    @Test("elide_list_responses replaces list keys by their count")
    func elide() {
        var request = AuditRequest(id: "r", operation: .list, path: "secret/metadata/")
        request.route(to: MountInfo(path: "secret/", type: "kv", accessor: "kv_1"))
        var response = AuditResponse(nil, mount: request)
        response.data = ["keys": ["a", "b", "c"], "key_info": ["a": [:], "b": [:]]]
        let elided = formatter { $0.elideListResponses = true }
            .responseEntry(auth: AuditAuth(), request: request, response: response, error: nil, time: Self.time)
        #expect(elided["response"]?["data"] == ["keys": 3, "key_info": 2])
        let full = formatter().responseEntry(auth: AuditAuth(), request: request, response: response, error: nil, time: Self.time)
        #expect(full["response"]?["data"]?["keys"]?.arrayValue?.count == 3)
    }

    @Test("options parse with Vault's names; bad values are 400s")
    func options() throws {
        let o = try AuditFormatOptions(options: [
            "format": "jsonx", "prefix": "p", "log_raw": "true", "hmac_accessor": "false", "elide_list_responses": "1",
        ])
        #expect(o.format == .jsonx && o.prefix == "p" && o.logRaw && !o.hmacAccessor && o.elideListResponses)
        #expect(try AuditFormatOptions(options: [:]) == AuditFormatOptions())
        #expect(throws: LogicalError.invalidRequest("unknown format type \"yaml\"")) {
            try AuditFormatOptions(options: ["format": "yaml"])
        }
        #expect(throws: LogicalError.self) { try AuditFormatOptions(options: ["log_raw": "maybe"]) }
    }
}
