@testable import ArcaCLI
import ArcaWire
import ArgumentParser
import Testing

/// `arca auth tune`, `arca secrets tune` and `arca auth list -detailed`: flags as the Vault CLI
/// spells them, the request body they make, and the table layout (recorded from `bao`).
@Suite struct AuthTuneCLITests {
    @Test("auth tune: every flag lands in the body under Vault's field name")
    func authTuneBody() throws {
        let command = try AuthTuneCommand.parse([
            "-default-lease-ttl=1h", "-max-lease-ttl", "2h", "-description=my tokens", "-listing-visibility=unauth",
            "-passthrough-request-headers=X-A", "-passthrough-request-header=X-B", "-allowed-response-headers=X-R",
            "-audit-non-hmac-request-keys=k1", "-audit-non-hmac-response-keys=k2", "-token-type=default-batch",
            "-options=a=b=c", "-address=http://127.0.0.1:1", "token/",
        ])
        #expect(command.mount == "token")
        #expect(command.client.address == "http://127.0.0.1:1")
        #expect(try command.body() == [
            "default_lease_ttl": "1h", "max_lease_ttl": "2h", "description": "my tokens", "listing_visibility": "unauth",
            "passthrough_request_headers": ["X-A", "X-B"], "allowed_response_headers": ["X-R"],
            "audit_non_hmac_request_keys": ["k1"], "audit_non_hmac_response_keys": ["k2"], "token_type": "default-batch",
            "options": ["a": "b=c"],
        ])
    }

    @Test("auth tune: no flags, no fields; the path is required; bad -options is refused")
    func authTuneEdges() throws {
        let bare = try AuthTuneCommand.parse(["/approle/"])
        #expect(try bare.body() == [:] && bare.mount == "approle")
        #expect(throws: (any Error).self) { try AuthTuneCommand.parse(["-description=x"]) }
        #expect(throws: (any Error).self) { try AuthTuneCommand.parse(["-no-such-flag=1", "token"]) }
        #expect(throws: (any Error).self) { try AuthTuneCommand.parse(["-options=novalue", "token"]).body() }
    }

    @Test("secrets tune shares the flags, has -version and no -token-type")
    func secretsTune() throws {
        let command = try SecretsTuneCommand.parse(["-version=2", "-options=x=1", "-listing-visibility=hidden", "kv"])
        #expect(try command.body() == ["options": ["x": "1", "version": "2"], "listing_visibility": "hidden"])
        #expect(throws: (any Error).self) { try SecretsTuneCommand.parse(["-token-type=batch", "kv"]) }
    }

    @Test("auth list -detailed parses")
    func listFlag() throws {
        #expect(try AuthListCommand.parse(["-detailed"]).detailed)
        #expect(try !AuthListCommand.parse([]).detailed)
    }

    /// `sys/auth` as OpenBao 2.7.2 answered it, and what `bao auth list [-detailed]` printed.
    static let methods: [String: JSONValue] = [
        "token/": [
            "accessor": "auth_token_9ea6bc87", "description": "my tokens", "external_entropy_access": false, "local": false,
            "options": ["foo": "bar"], "plugin_version": "", "running_plugin_version": "v2.7.2+builtin.bao",
            "running_sha256": "", "seal_wrap": false, "type": "token", "uuid": "664c10c6-c6be-a344-ee2f-c63b95cb51e6",
            "config": ["default_lease_ttl": 3600, "force_no_cache": false, "max_lease_ttl": 0, "token_type": "default-service"],
        ],
        "userpass/": [
            "accessor": "auth_userpass_b64ec5eb", "deprecation_status": "supported", "description": "",
            "external_entropy_access": false, "local": false, "options": .null, "plugin_version": "",
            "running_plugin_version": "v2.7.2+builtin.bao", "running_sha256": "", "seal_wrap": false, "type": "userpass",
            "uuid": "5c819c37-643e-3691-a695-58657db135e4",
            "config": ["default_lease_ttl": 0, "force_no_cache": false, "max_lease_ttl": 359_996_400, "token_type": "default-batch"],
        ],
    ]

    @Test("auth list: the Vault CLI's columns, n/a for empty cells")
    func listTable() {
        let text = ColumnTable.render(header: AuthListRows.header, rows: AuthListRows.rows(Self.methods, detailed: false))
        #expect(text == """
            Path         Type        Accessor                  Description    Version
            ----         ----        --------                  -----------    -------
            token/       token       auth_token_9ea6bc87       my tokens      n/a
            userpass/    userpass    auth_userpass_b64ec5eb    n/a            n/a
            """)
    }

    @Test("auth list -detailed: TTLs, token type, replication, Go-style options")
    func detailedTable() {
        let text = ColumnTable.render(header: AuthListRows.detailedHeader, rows: AuthListRows.rows(Self.methods, detailed: true))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "Path         Plugin      Accessor                  Default TTL    Max TTL      Token Type         "
            + "Replication    Seal Wrap    External Entropy Access    Options         Description    UUID                  "
            + "                  Version    Running Version       Running SHA256    Deprecation Status")
        #expect(lines[2] == "token/       token       auth_token_9ea6bc87       3600           system       default-service    "
            + "replicated     false        false                      map[foo:bar]    my tokens      "
            + "664c10c6-c6be-a344-ee2f-c63b95cb51e6    n/a        v2.7.2+builtin.bao    n/a               n/a")
        #expect(lines[3] == "userpass/    userpass    auth_userpass_b64ec5eb    system         359996400    default-batch      "
            + "replicated     false        false                      map[]           n/a            "
            + "5c819c37-643e-3691-a695-58657db135e4    n/a        v2.7.2+builtin.bao    n/a               supported")
    }
}
