"""Response shapes recorded from OpenBao 2.7.2 (raft storage, and inmem for the non-HA case).

Field *names* here are the contract; values that legitimately differ are listed in
harness.KNOWN_DIFFERENCES. Every set is exact unless marked optional.
"""
from harness import KNOWN_DIFFERENCES

# GET /v1/sys/seal-status (also the body of PUT /v1/sys/unseal), any state.
SEAL_STATUS = {"type", "initialized", "sealed", "t", "n", "progress", "nonce", "recovery_seal",
               "version", "commit_date", "migration", "storage_type"}
SEAL_STATUS_UNSEALED_EXTRA = {"cluster_name", "cluster_id"}
SEAL_STATUS_OPTIONAL = {"build_date"}   # OpenBao omits it when empty

# GET /v1/sys/health with a JSON body.
HEALTH = {"initialized", "sealed", "standby", "replication_performance_mode", "replication_dr_mode",
          "server_time_utc", "version"}
HEALTH_UNSEALED_EXTRA = {"cluster_name", "cluster_id"}

# GET /v1/sys/leader once unsealed. A non-HA server (OpenBao inmem) answers {"ha_enabled": false};
# an active HA node adds these; raft adds its indexes.
LEADER_HA_FIELDS = set(KNOWN_DIFFERENCES["ha_only_fields"])
LEADER_RAFT_FIELDS = set(KNOWN_DIFFERENCES["raft_only_fields"])

# PUT /v1/sys/init answer for a Shamir seal.
INIT_RESPONSE = {"keys", "keys_base64", "root_token"}

# GET /v1/sys/key-status: the fields at the top level *and* under "data", plus the usual envelope.
KEY_STATUS_FIELDS = {"term", "install_time", "encryptions"}
ENVELOPE = {"request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings",
            "auth"}

# GET /v1/sys/rekey/init (and PUT sys/rekey/init, PUT sys/rekey/update before completion).
REKEY_STATUS = {"nonce", "started", "t", "n", "progress", "required", "pgp_fingerprints", "backup",
                "verification_required"}
# PUT /v1/sys/rekey/update, last share.
REKEY_DONE = {"nonce", "complete", "keys", "keys_base64", "pgp_fingerprints", "backup",
              "verification_required"}

# `bao operator init -format=json`
CLI_INIT_JSON = {"unseal_keys_b64", "unseal_keys_hex", "unseal_shares", "unseal_threshold",
                 "recovery_keys_b64", "recovery_keys_hex", "recovery_keys_shares",
                 "recovery_keys_threshold", "root_token"}

# `bao status -format=json` / `bao operator unseal -format=json`: the seal status, build_date and
# ha_enabled always (the CLI fills ha_enabled=true itself when sys/leader says "Vault is sealed"),
# then the leader fields when unsealed and HA.
CLI_STATUS_JSON = SEAL_STATUS | {"build_date", "ha_enabled"}

# `bao operator key-status -format=json`, `bao operator rotate -format=json`
CLI_KEY_STATUS_JSON = {"term", "install_time", "encryptions"}

# `bao operator rekey -status -format=json` (also -init and each non-final update)
CLI_REKEY_STATUS_JSON = REKEY_STATUS | {"verification_nonce"}
# `bao operator rekey -format=json <last key>`
CLI_REKEY_DONE_JSON = REKEY_DONE

# `bao status` table rows, in order.
STATUS_ROWS_SEALED = ["Seal Type", "Initialized", "Sealed", "Total Shares", "Threshold",
                      "Unseal Progress", "Unseal Nonce", "Version", "Commit Date", "Storage Type",
                      "HA Enabled"]
STATUS_ROWS_UNSEALED = ["Seal Type", "Initialized", "Sealed", "Total Shares", "Threshold", "Version",
                        "Commit Date", "Storage Type", "Cluster Name", "Cluster ID", "HA Enabled"]
# Appended when HA is enabled and this node is active; the raft rows only for raft storage.
STATUS_ROWS_HA_ACTIVE = list(KNOWN_DIFFERENCES["ha_only_status_rows"])
STATUS_ROWS_RAFT = list(KNOWN_DIFFERENCES["raft_only_status_rows"])

# `bao operator key-status` (no header row)
KEY_STATUS_ROWS = ["Key Term", "Install Time", "Encryption Count"]

# `bao operator rekey -status` / -init / progress
REKEY_ROWS_IDLE = ["Nonce", "Started"]
REKEY_ROWS_STARTED = ["Nonce", "Started", "Progress", "New Shares", "New Threshold",
                      "Verification Required"]


def expected_status_rows(parsed: dict) -> list:
    """Rows `bao status` must print for the state it printed (sealed or not, HA or not)."""
    if parsed.get("Sealed") == "true":
        return STATUS_ROWS_SEALED
    out = list(STATUS_ROWS_UNSEALED)
    if parsed.get("HA Enabled") == "true":
        out += STATUS_ROWS_HA_ACTIVE
        if parsed.get("Storage Type") == "raft":
            out += STATUS_ROWS_RAFT
    return out


def expected_cli_status_json(doc: dict) -> set:
    keys = set(CLI_STATUS_JSON)
    if doc.get("sealed") is False:
        keys |= SEAL_STATUS_UNSEALED_EXTRA
        if doc.get("ha_enabled"):
            keys |= LEADER_HA_FIELDS
            if doc.get("storage_type") == "raft":
                keys |= LEADER_RAFT_FIELDS
    return keys


def expected_seal_status(doc: dict) -> set:
    keys = set(SEAL_STATUS)
    if doc.get("sealed") is False:
        keys |= SEAL_STATUS_UNSEALED_EXTRA
    return keys


def check_keys(doc: dict, expected: set, optional: set = frozenset(), what: str = ""):
    got = set(doc)
    missing = expected - got
    extra = got - expected - set(optional)
    assert not missing and not extra, f"{what}: missing {sorted(missing)}, unexpected {sorted(extra)}; got {doc}"
