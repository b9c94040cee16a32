"""The transit engine through hvac's `client.secrets.transit.*`, for every key type: create,
encrypt/decrypt, rotate, rewrap, sign/verify, hmac, datakey, batch, export, backup/restore, trim.
Signatures are checked with OpenSSL against the exported public key. Runs on Arca and on OpenBao
(COMPAT_TARGET=openbao); the xchacha20 test differs by target (Arca refuses that key type).
"""
import base64
import os
import subprocess

import hvac
import requests
from hvac.constants.transit import ALLOWED_KEY_TYPES
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from harness import IS_OPENBAO

MOUNT = "transit"
SYMMETRIC = ["aes128-gcm96", "aes256-gcm96", "chacha20-poly1305"]
SIGNING = ["ed25519", "ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "rsa-2048", "rsa-3072", "rsa-4096"]
MESSAGE = b"the quick brown fox"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.fixture(scope="module")
def client(unsealed_server):
    c = hvac.Client(url=unsealed_server.addr, token=unsealed_server.root_token, timeout=60)
    c.sys.enable_secrets_engine("transit", path=MOUNT)
    return c


def transit(client):
    return client.secrets.transit


def create_key(client, name, kind, **fields):
    """hvac's create_key refuses types its own list lacks (aes128-gcm96, hmac, xchacha20-poly1305);
    those go through hvac's generic adapter to the same endpoint."""
    if kind in ALLOWED_KEY_TYPES:
        return client.secrets.transit.create_key(name, key_type=kind, mount_point=MOUNT, **fields)
    return client.adapter.post(f"/v1/{MOUNT}/keys/{name}", json={"type": kind, **fields})


def test_symmetric_types_round_trip_rotate_rewrap_and_min_decryption(client):
    t = transit(client)
    for kind in SYMMETRIC:
        name = f"sym-{kind}"
        create_key(client, name, kind)
        key = t.read_key(name, mount_point=MOUNT)["data"]
        assert key["type"] == kind and key["supports_encryption"] and not key["supports_signing"]
        c1 = t.encrypt_data(name, plaintext=b64(MESSAGE), mount_point=MOUNT)["data"]["ciphertext"]
        assert c1.startswith("vault:v1:")
        assert base64.b64decode(t.decrypt_data(name, ciphertext=c1, mount_point=MOUNT)["data"]["plaintext"]) == MESSAGE
        t.rotate_key(name, mount_point=MOUNT)
        c2 = t.encrypt_data(name, plaintext=b64(MESSAGE), mount_point=MOUNT)["data"]["ciphertext"]
        assert c2.startswith("vault:v2:")
        rewrapped = t.rewrap_data(name, ciphertext=c1, mount_point=MOUNT)["data"]["ciphertext"]
        assert rewrapped.startswith("vault:v2:")
        assert base64.b64decode(t.decrypt_data(name, ciphertext=rewrapped, mount_point=MOUNT)["data"]["plaintext"]) == MESSAGE
        # v1 still decrypts until min_decryption_version passes it.
        assert base64.b64decode(t.decrypt_data(name, ciphertext=c1, mount_point=MOUNT)["data"]["plaintext"]) == MESSAGE
        t.update_key_configuration(name, min_decryption_version=2, mount_point=MOUNT)
        with pytest.raises(hvac.exceptions.InvalidRequest):
            t.decrypt_data(name, ciphertext=c1, mount_point=MOUNT)
        assert list(t.read_key(name, mount_point=MOUNT)["data"]["keys"]) == ["2"]


def test_tampered_ciphertext_and_bad_input_are_refused(client):
    t = transit(client)
    t.create_key("tamper", mount_point=MOUNT)
    c = t.encrypt_data("tamper", plaintext=b64(MESSAGE), mount_point=MOUNT)["data"]["ciphertext"]
    raw = bytearray(base64.b64decode(c.split(":")[2]))
    raw[-1] ^= 1
    with pytest.raises(hvac.exceptions.InvalidRequest):
        t.decrypt_data("tamper", ciphertext="vault:v1:" + b64(bytes(raw)), mount_point=MOUNT)
    with pytest.raises(hvac.exceptions.InvalidRequest) as e:
        t.decrypt_data("tamper", ciphertext="vault:v9:" + b64(bytes(raw)), mount_point=MOUNT)
    assert "version is too new" in str(e.value)
    with pytest.raises(hvac.exceptions.InvalidRequest) as e:
        t.encrypt_data("tamper", plaintext="!!not base64", mount_point=MOUNT)
    assert "illegal base64" in str(e.value)
    with pytest.raises(hvac.exceptions.InvalidRequest) as e:
        t.sign_data("tamper", hash_input=b64(MESSAGE), mount_point=MOUNT)
    assert "does not support signing" in str(e.value)


def test_derived_and_convergent_encryption(client):
    t = transit(client)
    t.create_key("conv", derived=True, convergent_encryption=True, mount_point=MOUNT)
    ctx = b64(b"tenant-a")
    a = t.encrypt_data("conv", plaintext=b64(MESSAGE), context=ctx, mount_point=MOUNT)["data"]["ciphertext"]
    b = t.encrypt_data("conv", plaintext=b64(MESSAGE), context=ctx, mount_point=MOUNT)["data"]["ciphertext"]
    assert a == b, "convergent encryption is deterministic per context"
    other = t.encrypt_data("conv", plaintext=b64(MESSAGE), context=b64(b"tenant-b"), mount_point=MOUNT)["data"]["ciphertext"]
    assert other != a
    assert base64.b64decode(t.decrypt_data("conv", ciphertext=a, context=ctx, mount_point=MOUNT)["data"]["plaintext"]) == MESSAGE
    with pytest.raises(hvac.exceptions.InvalidRequest):
        t.decrypt_data("conv", ciphertext=a, context=b64(b"tenant-b"), mount_point=MOUNT)
    with pytest.raises(hvac.exceptions.InvalidRequest):
        t.encrypt_data("conv", plaintext=b64(MESSAGE), mount_point=MOUNT)


def test_batch_encrypt_decrypt_with_a_per_item_error(client):
    t = transit(client)
    t.create_key("batch", mount_point=MOUNT)
    items = [{"plaintext": b64(b"one"), "reference": "r1"}, {"plaintext": "!!", "reference": "r2"},
             {"plaintext": b64(b"three")}]
    # One bad item: a 400 that still carries every item's result (hvac raises on the 400).
    r = requests.post(f"{client.url}/v1/{MOUNT}/encrypt/batch", headers={"X-Vault-Token": client.token},
                      json={"batch_input": items}, timeout=30)
    assert r.status_code == 400, r.text
    results = r.json()["data"]["batch_results"]
    assert results[0]["reference"] == "r1" and results[0]["ciphertext"].startswith("vault:v1:")
    assert "illegal base64" in results[1]["error"] and results[1]["reference"] == "r2"
    back = t.decrypt_data("batch", batch_input=[{"ciphertext": results[0]["ciphertext"]},
                                                {"ciphertext": results[2]["ciphertext"]}],
                          mount_point=MOUNT)["data"]["batch_results"]
    assert [base64.b64decode(r["plaintext"]) for r in back] == [b"one", b"three"]


def test_datakey_hmac_random_hash(client):
    t = transit(client)
    t.create_key("dk", mount_point=MOUNT)
    plain = t.generate_data_key("dk", key_type="plaintext", mount_point=MOUNT)["data"]
    assert len(base64.b64decode(plain["plaintext"])) == 32
    assert base64.b64decode(t.decrypt_data("dk", ciphertext=plain["ciphertext"], mount_point=MOUNT)["data"]["plaintext"]) \
        == base64.b64decode(plain["plaintext"])
    wrapped = t.generate_data_key("dk", key_type="wrapped", bits=512, mount_point=MOUNT)["data"]
    assert "plaintext" not in wrapped or not wrapped.get("plaintext")
    assert len(base64.b64decode(t.decrypt_data("dk", ciphertext=wrapped["ciphertext"], mount_point=MOUNT)["data"]["plaintext"])) == 64

    mac = t.generate_hmac("dk", hash_input=b64(MESSAGE), algorithm="sha2-512", mount_point=MOUNT)["data"]["hmac"]
    assert mac.startswith("vault:v1:")
    ok = t.verify_signed_data("dk", hash_input=b64(MESSAGE), hmac=mac, hash_algorithm="sha2-512", mount_point=MOUNT)
    assert ok["data"]["valid"] is True
    bad = t.verify_signed_data("dk", hash_input=b64(b"other"), hmac=mac, hash_algorithm="sha2-512", mount_point=MOUNT)
    assert bad["data"]["valid"] is False

    rnd = t.generate_random_bytes(n_bytes=16, output_format="hex")["data"]["random_bytes"]
    assert len(rnd) == 32 and int(rnd, 16) >= 0
    s = t.hash_data(hash_input=b64(b"hi"), algorithm="sha2-256", output_format="hex")["data"]["sum"]
    assert s == "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"


def public_pem(client, name: str, kind: str, version: str = "1") -> bytes:
    """The public key from `export/public-key/<name>/<version>` (no `exportable` needed), which must
    be the one `keys/<name>` shows."""
    exported = client.adapter.get(f"/v1/{MOUNT}/export/public-key/{name}/{version}")["data"]["keys"][version]
    key = client.secrets.transit.read_key(name, mount_point=MOUNT)["data"]["keys"][version]["public_key"]
    assert exported.strip() == key.strip()
    if kind == "ed25519":
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(key)).public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return key.encode()


def openssl_verifies(tmp_path, kind: str, pem: bytes, signature: bytes, hash_name: str = "sha256",
                     pss: bool = False) -> bool:
    (tmp_path / "pub.pem").write_bytes(pem)
    (tmp_path / "msg").write_bytes(MESSAGE)
    (tmp_path / "sig").write_bytes(signature)
    if kind == "ed25519":
        cmd = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "msg", "-sigfile", "sig"]
    else:
        cmd = ["openssl", "dgst", f"-{hash_name}", "-verify", "pub.pem", "-signature", "sig"]
        if pss:
            cmd[2:2] = ["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:-2"]
        cmd.append("msg")
    r = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
    return r.returncode == 0


@pytest.mark.parametrize("kind", SIGNING)
def test_signing_types_sign_verify_rotate_export_and_openssl_agrees(client, kind, tmp_path):
    t = transit(client)
    name = f"sig-{kind}"
    t.create_key(name, key_type=kind, exportable=True, mount_point=MOUNT)
    key = t.read_key(name, mount_point=MOUNT)["data"]
    assert key["type"] == kind and key["supports_signing"]
    pem = public_pem(client, name, kind)

    variants = [{}]
    if kind.startswith("rsa"):
        variants = [{"signature_algorithm": "pss"}, {"signature_algorithm": "pkcs1v15", "hash_algorithm": "sha2-512"}]
    elif kind.startswith("ecdsa"):
        variants = [{"hash_algorithm": "sha2-256"}, {"hash_algorithm": "sha2-384"}]
    for v in variants:
        sig = t.sign_data(name, hash_input=b64(MESSAGE), mount_point=MOUNT, **v)["data"]["signature"]
        assert sig.startswith("vault:v1:")
        assert t.verify_signed_data(name, hash_input=b64(MESSAGE), signature=sig, mount_point=MOUNT, **v)["data"]["valid"]
        assert not t.verify_signed_data(name, hash_input=b64(b"tampered"), signature=sig, mount_point=MOUNT, **v)["data"]["valid"]
        raw = base64.b64decode(sig.split(":")[2])
        hash_name = {"sha2-256": "sha256", "sha2-384": "sha384", "sha2-512": "sha512"}[v.get("hash_algorithm", "sha2-256")]
        assert openssl_verifies(tmp_path, kind, pem, raw, hash_name, pss=v.get("signature_algorithm") == "pss"), \
            f"openssl rejected a {kind} signature {v}"

    if kind.startswith("ecdsa"):
        jws = t.sign_data(name, hash_input=b64(MESSAGE), marshaling_algorithm="jws", mount_point=MOUNT)["data"]["signature"]
        assert "=" not in jws and t.verify_signed_data(
            name, hash_input=b64(MESSAGE), signature=jws, marshaling_algorithm="jws", mount_point=MOUNT)["data"]["valid"]

    # Batch signing.
    batch = t.sign_data(name, batch_input=[{"input": b64(b"a")}, {"input": b64(b"b")}], mount_point=MOUNT)
    assert [r["signature"].startswith("vault:v1:") for r in batch["data"]["batch_results"]] == [True, True]

    # Rotation: new signatures use v2, v1 signatures still verify.
    old = t.sign_data(name, hash_input=b64(MESSAGE), mount_point=MOUNT)["data"]["signature"]
    t.rotate_key(name, mount_point=MOUNT)
    new = t.sign_data(name, hash_input=b64(MESSAGE), mount_point=MOUNT)["data"]["signature"]
    assert new.startswith("vault:v2:")
    assert t.verify_signed_data(name, hash_input=b64(MESSAGE), signature=old, mount_point=MOUNT)["data"]["valid"]

    # The exported private key is a key OpenSSL reads.
    exported = t.export_key(name, key_type="signing-key", version="latest", mount_point=MOUNT)["data"]["keys"]
    (material,) = exported.values()
    if kind == "ed25519":
        assert len(base64.b64decode(material)) == 64
    else:
        (tmp_path / "priv.pem").write_text(material)
        r = subprocess.run(["openssl", "pkey", "-in", "priv.pem", "-noout"], cwd=tmp_path, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr


def test_rsa_keys_encrypt_and_decrypt(client):
    t = transit(client)
    t.create_key("rsa-enc", key_type="rsa-2048", mount_point=MOUNT)
    c = t.encrypt_data("rsa-enc", plaintext=b64(MESSAGE), mount_point=MOUNT)["data"]["ciphertext"]
    assert base64.b64decode(t.decrypt_data("rsa-enc", ciphertext=c, mount_point=MOUNT)["data"]["plaintext"]) == MESSAGE


def test_hmac_key_type_and_export_rules(client):
    t = transit(client)
    create_key(client, "mac", "hmac", key_size=32)
    mac = t.generate_hmac("mac", hash_input=b64(MESSAGE), mount_point=MOUNT)["data"]["hmac"]
    assert t.verify_signed_data("mac", hash_input=b64(MESSAGE), hmac=mac, mount_point=MOUNT)["data"]["valid"]
    with pytest.raises(hvac.exceptions.InvalidRequest) as e:
        t.export_key("mac", key_type="hmac-key", mount_point=MOUNT)
    assert "not exportable" in str(e.value)
    t.create_key("exp", exportable=True, mount_point=MOUNT)
    keys = t.export_key("exp", key_type="encryption-key", mount_point=MOUNT)["data"]["keys"]
    assert len(base64.b64decode(keys["1"])) == 32


def test_backup_restore_trim_delete(client):
    t = transit(client)
    t.create_key("bk", exportable=True, allow_plaintext_backup=True, mount_point=MOUNT)
    c = t.encrypt_data("bk", plaintext=b64(MESSAGE), mount_point=MOUNT)["data"]["ciphertext"]
    backup = t.backup_key("bk", mount_point=MOUNT)["data"]["backup"]
    t.restore_key(backup, name="bk-copy", mount_point=MOUNT)
    assert base64.b64decode(t.decrypt_data("bk-copy", ciphertext=c, mount_point=MOUNT)["data"]["plaintext"]) == MESSAGE
    with pytest.raises(hvac.exceptions.InternalServerError) as e:  # OpenBao answers 500 here
        t.restore_key(backup, name="bk-copy", mount_point=MOUNT)
    assert "already exists" in str(e.value)
    t.restore_key(backup, name="bk-copy", force=True, mount_point=MOUNT)

    for _ in range(3):
        t.rotate_key("bk", mount_point=MOUNT)
    t.update_key_configuration("bk", min_decryption_version=3, mount_point=MOUNT)
    with pytest.raises(hvac.exceptions.InvalidRequest) as e:
        t.trim_key("bk", min_version=3, mount_point=MOUNT)
    assert "minimum encryption version is not set" in str(e.value)
    t.update_key_configuration("bk", min_encryption_version=3, mount_point=MOUNT)
    t.trim_key("bk", min_version=3, mount_point=MOUNT)
    data = t.read_key("bk", mount_point=MOUNT)["data"]
    assert data["min_available_version"] == 3 and sorted(data["keys"]) == ["3", "4"]

    with pytest.raises(hvac.exceptions.InvalidRequest) as e:
        t.delete_key("bk", mount_point=MOUNT)
    assert "deletion is not allowed" in str(e.value)
    t.update_key_configuration("bk", deletion_allowed=True, mount_point=MOUNT)
    t.delete_key("bk", mount_point=MOUNT)
    assert "bk" not in t.list_keys(mount_point=MOUNT)["data"]["keys"]


def test_encrypt_creates_a_missing_key(client):
    t = transit(client)
    c = t.encrypt_data("upserted", plaintext=b64(MESSAGE), mount_point=MOUNT)["data"]["ciphertext"]
    assert t.read_key("upserted", mount_point=MOUNT)["data"]["type"] == "aes256-gcm96"
    assert base64.b64decode(t.decrypt_data("upserted", ciphertext=c, mount_point=MOUNT)["data"]["plaintext"]) == MESSAGE


def test_xchacha20_round_trip_and_libsodium_agrees(client):
    """xchacha20-poly1305 keys: nonce(24) || ciphertext || tag, which libsodium (PyNaCl) opens with
    the exported key; a ciphertext sealed by libsodium in that layout decrypts through the server."""
    from nacl.bindings import (crypto_aead_xchacha20poly1305_ietf_decrypt,
                               crypto_aead_xchacha20poly1305_ietf_encrypt)

    t = transit(client)
    create_key(client, "xc", "xchacha20-poly1305", exportable=True)
    assert t.read_key("xc", mount_point=MOUNT)["data"]["type"] == "xchacha20-poly1305"
    c = t.encrypt_data("xc", plaintext=b64(MESSAGE), mount_point=MOUNT)["data"]["ciphertext"]
    assert base64.b64decode(t.decrypt_data("xc", ciphertext=c, mount_point=MOUNT)["data"]["plaintext"]) == MESSAGE
    key = base64.b64decode(t.export_key("xc", key_type="encryption-key", mount_point=MOUNT)["data"]["keys"]["1"])
    blob = base64.b64decode(c.split(":")[2])
    assert crypto_aead_xchacha20poly1305_ietf_decrypt(blob[24:], None, blob[:24], key) == MESSAGE
    nonce = os.urandom(24)
    theirs = nonce + crypto_aead_xchacha20poly1305_ietf_encrypt(b"from libsodium", None, nonce, key)
    back = t.decrypt_data("xc", ciphertext="vault:v1:" + b64(theirs), mount_point=MOUNT)["data"]["plaintext"]
    assert base64.b64decode(back) == b"from libsodium"


@pytest.mark.parametrize("kind", ["ecdsa-p256", "rsa-2048"])
def test_prehashed_signatures_verify_with_openssl(client, kind, tmp_path):
    import hashlib

    t = transit(client)
    name = f"pre-{kind}"
    t.create_key(name, key_type=kind, mount_point=MOUNT)
    digest = hashlib.sha256(MESSAGE).digest()
    extra = {"signature_algorithm": "pkcs1v15"} if kind.startswith("rsa") else {}
    sig = t.sign_data(name, hash_input=b64(digest), prehashed=True, hash_algorithm="sha2-256",
                      mount_point=MOUNT, **extra)["data"]["signature"]
    assert t.verify_signed_data(name, hash_input=b64(MESSAGE), signature=sig, hash_algorithm="sha2-256",
                                mount_point=MOUNT, **extra)["data"]["valid"]
    raw = base64.b64decode(sig.split(":")[2])
    assert openssl_verifies(tmp_path, kind, public_pem(client, name, kind), raw, "sha256")
