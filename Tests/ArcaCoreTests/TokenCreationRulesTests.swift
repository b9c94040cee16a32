import ArcaCore
import ArcaSDK
import ArcaTesting
import ArcaWire
import Testing

/// Issue 36 items 1 and 3: what a caller may mint through `auth/token/create[/<role>]`. Every
/// expectation here was checked against `bao server -dev` (OpenBao 2.7.2) with the same
/// policies, roles and requests.
@Suite struct TokenCreationRulesTests {
    /// The outcome of one create request: its auth block and warnings, or the error.
    struct Outcome {
        var auth: [String: JSONValue]?
        var warnings: [String] = []
        var error: LogicalError?

        var policies: [String]? { auth?["policies"]?.arrayValue?.compactMap(\.stringValue) }
        var leaseDuration: Int64? { auth?["lease_duration"]?.int64Value }
        var orphan: Bool? { auth?["orphan"]?.boolValue }
        var renewable: Bool? { auth?["renewable"]?.boolValue }
        var numUses: Int64? { auth?["num_uses"]?.int64Value }
        var message: String? { error.map { "\($0)" } }
    }

    /// A core with OpenBao's probe set: `creator` may create (no sudo), `sudocreator` may create
    /// with sudo, `onlyrole` may only use roles; `p1`, `p2`, `other` are plain policies.
    struct Fixture {
        let core: Core
        let root: String
        let creator: String
        let sudo: String
        let onlyRole: String

        static func make() async throws -> Fixture {
            let (core, _, root) = try await TestCore.unsealed()
            try await core.policies.put(name: "creator", text: """
                path "auth/token/create" { capabilities = ["create", "update"] }
                path "auth/token/create/*" { capabilities = ["create", "update"] }
                """)
            try await core.policies.put(name: "sudocreator", text: """
                path "auth/token/create" { capabilities = ["create", "update", "sudo"] }
                path "auth/token/create/*" { capabilities = ["create", "update", "sudo"] }
                """)
            try await core.policies.put(name: "onlyrole", text: #"path "auth/token/create/*" { capabilities = ["create", "update"] }"#)
            for p in ["p1", "p2", "other"] {
                try await core.policies.put(name: p, text: "path \"secret/\(p)\" { capabilities = [\"read\"] }")
            }
            let roles: [String: [String: JSONValue]] = [
                "open": [:], "allowed": ["allowed_policies": ["p1"]], "allowedroot": ["allowed_policies": ["root"]],
                "glob": ["allowed_policies_glob": ["p*"]], "both": ["allowed_policies": ["other"], "allowed_policies_glob": ["p*"]],
                "disallowed": ["disallowed_policies": ["p2"]], "dglob": ["disallowed_policies_glob": ["p*"]],
                "nodefault": ["disallowed_policies": ["default"]], "orphan": ["orphan": true], "norenew": ["renewable": false],
                "periodic": ["token_period": "1h"], "emax": ["token_explicit_max_ttl": "1h"], "numuses": ["token_num_uses": 3],
                "nd": ["token_no_default_policy": true],
            ]
            for (name, body) in roles {
                _ = try await RequestHandler(core: core).handle(
                    operation: .update, path: "auth/token/roles/" + name, data: body, token: root, requestID: "r", remoteAddress: nil)
            }
            let f = Fixture(core: core, root: root, creator: "", sudo: "", onlyRole: "")
            return Fixture(
                core: core, root: root, creator: try await f.token(["creator"]), sudo: try await f.token(["sudocreator"]),
                onlyRole: try await f.token(["onlyrole"]))
        }

        func token(_ policies: [String], _ extra: [String: JSONValue] = [:]) async throws -> String {
            var body = extra
            body["policies"] = .strings(policies)
            return try #require(await create(root, "create", body).auth?["client_token"]?.stringValue)
        }

        func create(_ token: String, _ path: String, _ data: [String: JSONValue] = [:]) async -> Outcome {
            do {
                let r = try await RequestHandler(core: core).handle(
                    operation: .update, path: "auth/token/" + path, data: data, token: token, requestID: "t", remoteAddress: nil)
                return Outcome(auth: r?.auth, warnings: r?.warnings ?? [])
            } catch let e as LogicalError {
                return Outcome(error: e)
            } catch {
                return Outcome(error: .coded(status: 500, message: "\(error)"))
            }
        }
    }

    static let subsetOfParent = LogicalError.invalidRequest("child policies must be subset of parent")
    static let rootFromRootOnly = LogicalError.invalidRequest("root tokens may not be created without parent token being root")

    @Test("the escalation of issue 36: a create-only token asks a role without allowed_policies for root")
    func roleWithoutListsCannotMintRoot() async throws {
        let f = try await Fixture.make()
        // Before the fix this answered a token with ["default", "root"].
        #expect(await f.create(f.onlyRole, "create/open", ["policies": ["root"]]).error == Self.subsetOfParent)
        #expect(await f.create(f.creator, "create/open", ["policies": ["root"]]).error == Self.subsetOfParent)
        #expect(await f.create(f.creator, "create/open", ["policies": ["p1"]]).error == Self.subsetOfParent)
        #expect(await f.create(f.creator, "create/open").policies == ["creator", "default"])
        // sudo on the role path lifts the subset rule, but root still needs a root caller.
        #expect(await f.create(f.sudo, "create/open", ["policies": ["root"]]).error == Self.rootFromRootOnly)
        #expect(await f.create(f.sudo, "create/open", ["policies": ["p1"]]).policies == ["default", "p1"])
    }

    @Test("without a role: a subset of the caller's policies unless sudo; root only from root")
    func plainCreate() async throws {
        let f = try await Fixture.make()
        #expect(await f.create(f.creator, "create", ["policies": ["root"]]).error == Self.subsetOfParent)
        #expect(await f.create(f.creator, "create", ["policies": ["p1"]]).error == Self.subsetOfParent)
        #expect(await f.create(f.creator, "create", ["policies": ["default", "root"]]).error == Self.subsetOfParent)
        #expect(await f.create(f.creator, "create", ["policies": ["Creator"]]).policies == ["creator", "default"])
        #expect(await f.create(f.creator, "create", ["policies": ["default"]]).policies == ["default"])
        #expect(await f.create(f.creator, "create", ["no_default_policy": true]).policies == ["creator"])
        #expect(await f.create(f.sudo, "create", ["policies": ["p1"]]).policies == ["default", "p1"])
        #expect(await f.create(f.sudo, "create").policies == ["default", "sudocreator"])
        #expect(await f.create(f.sudo, "create", ["policies": ["root"]]).error == Self.rootFromRootOnly)
        #expect(await f.create(f.sudo, "create", ["policies": ["root", "p1"]]).error == Self.rootFromRootOnly)
        #expect(await f.create(f.root, "create", ["policies": ["response-wrapping"]]).error
            == .invalidRequest("cannot assign policy \"response-wrapping\""))
    }

    @Test("a role's allowed_policies and allowed_policies_glob decide, beyond the caller's policies")
    func allowedLists() async throws {
        let f = try await Fixture.make()
        #expect(await f.create(f.creator, "create/allowed", ["policies": ["p1"]]).policies == ["default", "p1"])
        #expect(await f.create(f.creator, "create/allowed").policies == ["default", "p1"])
        #expect(await f.create(f.creator, "create/allowed", ["no_default_policy": true]).policies == ["p1"])
        #expect(await f.create(f.creator, "create/allowed", ["policies": ["p2", "p1"]]).message
            == #"token policies (["default" "p1" "p2"]) must be subset of the role's allowed policies (["default" "p1"]) or glob policies ([])"#)
        #expect(await f.create(f.creator, "create/allowed", ["policies": ["root"]]).message
            == #"token policies (["root"]) must be subset of the role's allowed policies (["default" "p1"]) or glob policies ([])"#)
        #expect(await f.create(f.creator, "create/allowedroot").error == Self.rootFromRootOnly)
        let rootFromRole = await f.create(f.root, "create/allowedroot")
        #expect(rootFromRole.policies == ["root"] && rootFromRole.leaseDuration == 0 && rootFromRole.renewable == false)
        #expect(await f.create(f.creator, "create/glob", ["policies": ["p2"]]).policies == ["default", "p2"])
        #expect(await f.create(f.creator, "create/glob").policies == ["default"])
        #expect(await f.create(f.creator, "create/glob", ["policies": ["other"]]).message
            == #"token policies (["default" "other"]) must be subset of the role's allowed policies (["default"]) or glob policies (["p*"])"#)
        #expect(await f.create(f.creator, "create/both", ["policies": ["other", "p1"]]).policies == ["default", "other", "p1"])
        #expect(await f.create(f.creator, "create/both").policies == ["default", "other"])
    }

    @Test("a role's disallowed_policies and disallowed_policies_glob refuse; root still needs a root caller")
    func disallowedLists() async throws {
        let f = try await Fixture.make()
        #expect(await f.create(f.creator, "create/disallowed", ["policies": ["p2"]]).error
            == .invalidRequest(#"token policy "p2" is disallowed by this role"#))
        #expect(await f.create(f.creator, "create/disallowed", ["policies": ["p1"]]).policies == ["default", "p1"])
        #expect(await f.create(f.creator, "create/disallowed").policies == ["creator", "default"])
        #expect(await f.create(f.creator, "create/disallowed", ["policies": ["root"]]).error == Self.rootFromRootOnly)
        #expect(await f.create(f.creator, "create/nodefault").error
            == .invalidRequest(#"token policy "default" is disallowed by this role"#))
        #expect(await f.create(f.creator, "create/dglob", ["policies": ["p1"]]).error
            == .invalidRequest(#"token policy "p1" is disallowed by this role"#))
        #expect(await f.create(f.creator, "create/dglob", ["policies": ["other"]]).policies == ["default", "other"])
        // token_no_default_policy only matters to roles with lists (as in OpenBao).
        #expect(await f.create(f.creator, "create/nd").policies == ["creator", "default"])
    }

    @Test("orphans: no_parent needs sudo and is ignored with a role; a role with orphan=true makes them")
    func orphans() async throws {
        let f = try await Fixture.make()
        #expect(await f.create(f.creator, "create", ["no_parent": true]).error
            == .invalidRequest("root or sudo privileges required to create orphan token"))
        #expect(await f.create(f.sudo, "create", ["no_parent": true]).orphan == true)
        #expect(await f.create(f.creator, "create/open", ["no_parent": true]).orphan == false)
        #expect(await f.create(f.creator, "create/orphan").orphan == true)
        #expect(await f.create(f.creator, "create", ["id": "chosen"]).error
            == .invalidRequest("root or sudo privileges required to specify token id"))
    }

    @Test("renewable: the request can turn it off, a role with renewable=false always does")
    func renewable() async throws {
        let f = try await Fixture.make()
        #expect(await f.create(f.creator, "create", ["renewable": false]).renewable == false)
        #expect(await f.create(f.creator, "create/norenew").renewable == false)
        #expect(await f.create(f.creator, "create/norenew", ["renewable": true]).renewable == false)
        #expect(await f.create(f.creator, "create").renewable == true)
    }

    @Test("item 3: period needs sudo or root; a role's token_period does not, and the lesser period wins")
    func periodNeedsSudoOrRole() async throws {
        let f = try await Fixture.make()
        let periodic = LogicalError.invalidRequest("root or sudo privileges required to create periodic token")
        #expect(await f.create(f.creator, "create", ["period": "1h"]).error == periodic)
        #expect(await f.create(f.creator, "create/open", ["period": "1h"]).error == periodic)
        #expect(await f.create(f.creator, "create/periodic", ["period": "30m"]).error == periodic)
        #expect(await f.create(f.creator, "create", ["period": "0"]).leaseDuration == 2_764_800)
        #expect(await f.create(f.sudo, "create", ["period": "1h"]).leaseDuration == 3600)
        #expect(await f.create(f.root, "create", ["period": "1h"]).leaseDuration == 3600)
        #expect(await f.create(f.creator, "create/periodic").leaseDuration == 3600)
        let lesser = await f.create(f.sudo, "create/periodic", ["period": "30m"])
        #expect(lesser.leaseDuration == 1800)
        #expect(lesser.warnings == ["Period specified both during creation call and in role; using the lesser value of 1800 seconds"])
        #expect(await f.create(f.sudo, "create/periodic", ["period": "2h"]).leaseDuration == 3600)
    }

    @Test("explicit max TTL and num_uses: the role caps what the request asks")
    func roleCaps() async throws {
        let f = try await Fixture.make()
        let capped = await f.create(f.creator, "create/emax", ["ttl": "10h"])
        #expect(capped.leaseDuration == 3600)
        #expect(capped.warnings == [#"TTL of "10h" exceeded the effective max_ttl of "1h"; TTL value is capped accordingly"#])
        let both = await f.create(f.creator, "create/emax", ["explicit_max_ttl": "30m"])
        #expect(both.leaseDuration == 1800)
        #expect(both.warnings == [
            "Explicit max TTL specified both during creation call and in role; using the lesser value of 1800 seconds",
            #"TTL of "768h" exceeded the effective max_ttl of "30m"; TTL value is capped accordingly"#,
        ])
        #expect(await f.create(f.creator, "create/numuses").numUses == 3)
        #expect(await f.create(f.creator, "create/numuses", ["num_uses": 5]).numUses == 3)
        #expect(await f.create(f.creator, "create/numuses", ["num_uses": 2]).numUses == 2)
    }

    @Test("a use-limited token cannot create children; an expiring root cannot create a non-expiring root")
    func parentLimits() async throws {
        let f = try await Fixture.make()
        let limited = try await f.token(["creator"], ["num_uses": 3])
        #expect(await f.create(limited, "create").error == .invalidRequest("restricted use token cannot generate child tokens"))
        let expiringRoot = try await f.token(["root"], ["ttl": "1h"])
        #expect(await f.create(expiringRoot, "create", ["policies": ["root"]]).error
            == .invalidRequest("expiring root tokens cannot create non-expiring root tokens"))
    }

    @Test("policy globs match '*' anywhere, as Vault's do")
    func globs() {
        #expect(PolicyGlob.matches("p*", "p1"))
        #expect(PolicyGlob.matches("*-ro", "kv-ro"))
        #expect(PolicyGlob.matches("a*b*c", "axxbyyc"))
        #expect(!PolicyGlob.matches("a*b*c", "axxbyy"))
        #expect(!PolicyGlob.matches("a*a", "a"))
        #expect(PolicyGlob.matches("*", ""))
        #expect(!PolicyGlob.matches("p1", "p10"))
    }

    @Test("a requested display name is cleaned as OpenBao cleans it before it reaches engines' templates")
    func displayNameIsCleaned() async throws {
        let f = try await Fixture.make()
        let cases: [(String, String)] = [
            ("x\"; DROP ROLE postgres; --", "token-x---DROP-ROLE-postgres---"),
            ("Hello World_ab.c@d", "token-Hello-World-ab-c-d"),
            ("\u{C4}\u{D6}-\u{E9}", "token----"),
            ("", "token"),
        ]
        for (requested, expected) in cases {
            let token = try #require(await f.create(f.root, "create", ["display_name": .string(requested)]).auth?["client_token"]?.stringValue)
            let entry = try #require(try await f.core.tokens.lookup(token))
            #expect(entry.displayName == expected, "display_name \(requested)")
        }
    }
}
