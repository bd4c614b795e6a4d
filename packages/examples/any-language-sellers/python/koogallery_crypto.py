"""KooGallery signatures and credential encryption, written from the protocol reference.

Standard library only, except AES, which comes from `cryptography` (Debian: python3-cryptography).
Each function names the section of protocol.md it implements; docs/any-language.md lists the test vectors.
"""

import base64
import hashlib
import hmac
import json

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def hmac_sha256(key: str, message: bytes) -> bytes:
    """HMAC-SHA256 with the UTF-8 bytes of `key` (protocol.md §7 notation)."""
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).digest()


def canonical_payload(raw_body: bytes) -> bytes | None:
    """The body as Huawei's Java sample re-serialises it (§7.1): top-level keys ascending, null values
    dropped, compact, non-ASCII and "/" left unescaped. None when the body is not a JSON object."""
    try:
        parsed = json.loads(raw_body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(parsed, dict):
        return None
    # Java's String.compareTo orders UTF-16 code units; for the ASCII field names of the protocol this is
    # Python's default string order.
    kept = {k: parsed[k] for k in sorted(parsed) if parsed[k] is not None}
    return json.dumps(kept, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def v2_signature(access_key: str, payload: bytes, nonce: str, timestamp: str) -> str:
    """§7.1: hex(HMAC(key, key + nonce + timestamp + hex(HMAC(key, payload)))), lower-case hex."""
    inner = hmac_sha256(access_key, payload).hex()
    canonical = access_key + nonce + timestamp + inner
    return hmac_sha256(access_key, canonical.encode("utf-8")).hex()


def v2_signature_matches(access_key: str, raw_body: bytes, nonce: str, timestamp: str, signature: str) -> bool:
    """Raw bytes first, then the canonical re-serialisation (§7.1); hex compared case-insensitively
    in constant time."""
    given = signature.lower().encode("ascii", "replace")
    candidates = [raw_body]
    canonical = canonical_payload(raw_body)
    if canonical is not None and canonical != raw_body:
        candidates.append(canonical)
    return any(
        hmac.compare_digest(v2_signature(access_key, payload, nonce, timestamp).encode("ascii"), given)
        for payload in candidates
    )


def body_sign(access_key: str, body: bytes) -> str:
    """§7.3: the Body-Sign header value over the exact reply bytes, in the documented rendering
    (comma + one space, both values in double quotes)."""
    signature = base64.b64encode(hmac_sha256(access_key, body)).decode("ascii")
    return f'sign_type="HMAC-SHA256", signature="{signature}"'


def _sha1prng_key(access_key: str, size: int) -> bytes:
    """§7.6: the first `size` bytes of Java's SecureRandom("SHA1PRNG") seeded with the key's UTF-8 bytes
    (what KeyGenerator("AES").init(bits, random) returns on OpenJDK)."""
    state = bytearray(hashlib.sha1(access_key.encode("utf-8")).digest())
    out = b""
    while len(out) < size:
        block = hashlib.sha1(bytes(state)).digest()
        out += block
        # sun.security.provider.SecureRandom.updateState, on Java's signed bytes.
        carry = 1
        changed = False
        for i in range(20):
            s = state[i] - 256 if state[i] > 127 else state[i]
            o = block[i] - 256 if block[i] > 127 else block[i]
            v = s + o + carry
            t = v & 0xFF
            changed |= state[i] != t
            state[i] = t
            carry = v >> 8
        if not changed:
            state[0] = (state[0] + 1) & 0xFF
    return out[:size]


def aes_key(access_key: str, encrypt_type: str) -> bytes:
    """encryptType "1" = AES-256 (default), "2" = AES-128 (§7.6)."""
    if encrypt_type not in ("1", "2"):
        raise ValueError(f'encryptType must be "1" (AES-256) or "2" (AES-128), got {encrypt_type!r}')
    return _sha1prng_key(access_key, 32 if encrypt_type == "1" else 16)


def encrypt_credential(access_key: str, encrypt_type: str, iv: str, plaintext: str) -> str:
    """§7.6: iv + base64(AES-CBC-PKCS7(plaintext)); `iv` is 16 ASCII letters/digits used as the IV bytes."""
    if len(iv) != 16 or not iv.isascii() or not iv.isalnum():
        raise ValueError("the IV must be 16 ASCII letters or digits")
    padder = padding.PKCS7(128).padder()
    data = padder.update(plaintext.encode("utf-8")) + padder.finalize()
    encryptor = Cipher(algorithms.AES(aes_key(access_key, encrypt_type)), modes.CBC(iv.encode("ascii"))).encryptor()
    return iv + base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode("ascii")


def decrypt_credential(access_key: str, encrypt_type: str, value: str) -> str:
    """The inverse of encrypt_credential."""
    iv, ciphertext = value[:16].encode("ascii"), base64.b64decode(value[16:], validate=True)
    decryptor = Cipher(algorithms.AES(aes_key(access_key, encrypt_type)), modes.CBC(iv)).decryptor()
    unpadder = padding.PKCS7(128).unpadder()
    data = unpadder.update(decryptor.update(ciphertext) + decryptor.finalize()) + unpadder.finalize()
    return data.decode("utf-8")
