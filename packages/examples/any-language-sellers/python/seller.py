"""A KooGallery SaaS seller in Python 3: the V2 production interfaces (protocol.md §2, §3), written from the
protocol reference with http.server, hmac and json; AES from `cryptography` (Debian: python3-cryptography).

Run:   KOOGALLERY_ACCESS_KEY=... /usr/bin/python3 seller.py            (serves http://127.0.0.1:8080/produce)
Tools: seller.py sign-request NONCE TIMESTAMP < body   |  seller.py body-sign < body
       seller.py encrypt ENCRYPT_TYPE IV PLAINTEXT      |  seller.py decrypt ENCRYPT_TYPE VALUE
Environment: KOOGALLERY_ACCESS_KEY (required), PORT (default 8080; 0 picks a free port), HOST (127.0.0.1),
PRODUCE_PATH (/produce), FRONT_END_URL (https://app.example.com).
"""

import json
import os
import re
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import koogallery_crypto as kg

# §2.2: |now - timestamp| <= 60 s, in milliseconds; nonces are remembered for twice the window.
WINDOW_MS = 60_000
# §3 field tables: the mandatory string fields of each V2 basic interface (all at most 64 characters).
MANDATORY = {
    "newInstance": ("orderId", "orderLineId", "businessId"),
    "queryInstance": ("instanceId",),
    "refreshInstance": ("instanceId", "orderId", "orderLineId", "scene", "expireTime"),
    "updateInstanceStatus": ("instanceId", "status"),
    "releaseInstance": ("instanceId",),
    "upgradeInstance": ("instanceId", "orderId", "orderLineId"),
    "changeInstanceCheck": ("instanceId",),
}
SCENES = ("TRIAL_TO_FORMAL", "RENEWAL", "UNSUBSCRIBE_RENEWAL_PERIOD", "RENEWAL_CHANGE")
# §3.3 / §15.10: expireTime has 14 digits in the table, 17 in the official example; accept both.
EXPIRE_TIME = re.compile(r"^[0-9]{14}([0-9]{3})?$")
# §6.1 result codes and the messages of Huawei's sample.
OK, AUTH_FAILED, BAD_PARAMS, NO_INSTANCE, INTERNAL = "000000", "000001", "000002", "000003", "000005"
MESSAGES = {
    OK: "success.",
    AUTH_FAILED: "token is invalid",
    BAD_PARAMS: "param is invalid",
    NO_INSTANCE: "instance is invalid",
    INTERNAL: "other inner error",
}


class Refused(Exception):
    def __init__(self, code: str, message: str | None = None):
        super().__init__(message or MESSAGES[code])
        self.code = code


class NonceCache:
    """Nonces seen within the window (§2.2), so that a replayed request is refused."""

    def __init__(self) -> None:
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def first_use(self, nonce: str, now_ms: float) -> bool:
        with self._lock:
            for old, expiry in list(self._seen.items()):
                if expiry < now_ms:
                    del self._seen[old]
            if nonce in self._seen:
                return False
            self._seen[nonce] = now_ms + 2 * WINDOW_MS
            return True


class Instances:
    """In-memory instances. newInstance is idempotent on orderId + orderLineId (§3.1): a retry, even a
    concurrent one, gets the instanceId of the first call."""

    def __init__(self) -> None:
        self._by_order: dict[tuple[str, str], str] = {}
        self._instances: dict[str, dict] = {}
        self._lock = threading.Lock()

    def create(self, order_id: str, order_line_id: str) -> str:
        with self._lock:
            instance_id = self._by_order.get((order_id, order_line_id))
            if instance_id is None:
                instance_id = uuid.uuid4().hex
                self._by_order[(order_id, order_line_id)] = instance_id
                self._instances[instance_id] = {"status": "ACTIVE", "orderId": order_id}
            return instance_id

    def get(self, instance_id: str) -> dict:
        with self._lock:
            instance = self._instances.get(instance_id)
        if instance is None:
            raise Refused(NO_INSTANCE)
        return instance

    def update(self, instance_id: str, **changes: str) -> None:
        with self._lock:
            instance = self._instances.get(instance_id)
            if instance is None:
                raise Refused(NO_INSTANCE)
            instance.update(changes)

    def reportable(self, instance_ids: list[str]) -> list[str]:
        """The ids of instances that exist and are not released: queryInstance reports only those."""
        with self._lock:
            return [i for i in instance_ids if self._instances.get(i, {}).get("status") not in (None, "RELEASED")]


class Seller:
    def __init__(self, access_key: str, front_end_url: str) -> None:
        self.access_key = access_key
        self.front_end_url = front_end_url
        self.nonces = NonceCache()
        self.instances = Instances()

    def authenticate(self, query: dict[str, list[str]], raw_body: bytes) -> None:
        """§7.1 and §2.2. Every missing or stale parameter is an authentication failure (000001), the form
        the checklist (§13.2) expects."""
        signature, timestamp, nonce = (query.get(name, [""])[0] for name in ("signature", "timestamp", "nonce"))
        if not signature or not timestamp or not nonce:
            raise Refused(AUTH_FAILED, "signature, timestamp and nonce are required")
        if not timestamp.isdigit():
            raise Refused(AUTH_FAILED, "timestamp must be milliseconds since the epoch")
        now_ms = time.time() * 1000
        if abs(now_ms - int(timestamp)) > WINDOW_MS:
            raise Refused(AUTH_FAILED, "timestamp outside the 60 s window")
        if not kg.v2_signature_matches(self.access_key, raw_body, nonce, timestamp, signature):
            raise Refused(AUTH_FAILED, "signature mismatch")
        # Only a verified request may use up its nonce.
        if not self.nonces.first_use(nonce, now_ms):
            raise Refused(AUTH_FAILED, "nonce already used")

    def handle(self, query: dict[str, list[str]], raw_body: bytes) -> dict:
        self.authenticate(query, raw_body)
        try:
            body = json.loads(raw_body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise Refused(BAD_PARAMS, "the body must be a JSON object")
        if not isinstance(body, dict):
            raise Refused(BAD_PARAMS, "the body must be a JSON object")
        activity = body.get("activity")
        if activity not in MANDATORY:
            raise Refused(BAD_PARAMS, f"unknown activity {activity!r}")
        for field in MANDATORY[activity]:
            value = body.get(field)
            if not isinstance(value, str) or value == "":
                raise Refused(BAD_PARAMS, f"{field} is required")
            limit = 6499 if (activity, field) == ("queryInstance", "instanceId") else 64
            if len(value) > limit:
                raise Refused(BAD_PARAMS, f"{field} is longer than {limit} characters")
        return getattr(self, activity)(body)

    def newInstance(self, body: dict) -> dict:
        return {"instanceId": self.instances.create(body["orderId"], body["orderLineId"])}

    def queryInstance(self, body: dict) -> dict:
        ids = body["instanceId"].split(",")
        if len(ids) > 100 or any(not i or len(i) > 64 for i in ids):
            raise Refused(BAD_PARAMS, "instanceId must be 1 to 100 ids separated by commas")
        info = [
            {"instanceId": i, "appInfo": {"frontEndUrl": self.front_end_url, "userName": "admin"}}
            for i in self.instances.reportable(ids)
        ]
        return {"info": info}

    def refreshInstance(self, body: dict) -> dict:
        if body["scene"] not in SCENES:
            raise Refused(BAD_PARAMS, "scene is not one of " + ", ".join(SCENES))
        if not EXPIRE_TIME.match(body["expireTime"]):
            raise Refused(BAD_PARAMS, "expireTime must be yyyyMMddHHmmss or yyyyMMddHHmmssSSS")
        self.instances.update(body["instanceId"], expireTime=body["expireTime"])
        return {}

    def updateInstanceStatus(self, body: dict) -> dict:
        status = {"FREEZE": "FROZEN", "UNFREEZE": "ACTIVE"}.get(body["status"])
        if status is None:
            raise Refused(BAD_PARAMS, "status must be FREEZE or UNFREEZE")
        self.instances.update(body["instanceId"], status=status)
        return {}

    def releaseInstance(self, body: dict) -> dict:
        # Releasing a released instance again is success: the platform repeats releases whose reply was lost.
        self.instances.update(body["instanceId"], status="RELEASED")
        return {}

    def upgradeInstance(self, body: dict) -> dict:
        # A real seller fetches the CHANGE order (order query Open API, §8.3) and applies the new SKU.
        self.instances.update(body["instanceId"], upgradeOrderId=body["orderId"])
        return {}

    def changeInstanceCheck(self, body: dict) -> dict:
        if not isinstance(body.get("productInfo"), dict):
            raise Refused(BAD_PARAMS, "productInfo is required")
        self.instances.get(body["instanceId"])
        return {}


def make_handler(seller: Seller, produce_path: str):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw_body = self.rfile.read(length)
            if url.path != produce_path:
                self.reply(404, {"resultCode": BAD_PARAMS, "resultMsg": "no production interface here"})
                return
            try:
                result = {"resultCode": OK, "resultMsg": MESSAGES[OK], **seller.handle(parse_qs(url.query), raw_body)}
            except Refused as refused:
                result = {"resultCode": refused.code, "resultMsg": str(refused)}
            except Exception as error:  # noqa: BLE001 - any bug still gets a signed 000005 reply
                self.log_error("internal error: %r", error)
                result = {"resultCode": INTERNAL, "resultMsg": MESSAGES[INTERNAL]}
            # §2.3: always HTTP 200 with a JSON body; business failures travel in resultCode.
            self.reply(200, result)

        def reply(self, status: int, result: dict) -> None:
            # Serialise once and sign exactly the bytes sent (§7.3); ensure_ascii writes non-ASCII as \\uXXXX.
            body = json.dumps(result, separators=(",", ":")).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Body-Sign", kg.body_sign(seller.access_key, body))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:
            # Query strings carry signatures: log the method and path only.
            sys.stderr.write(f"{self.command} {urlsplit(self.path).path} -> {args[1] if len(args) > 1 else ''}\n")

    return Handler


def access_key_from_env() -> str:
    key = os.environ.get("KOOGALLERY_ACCESS_KEY", "")
    if not key:
        sys.exit("Set KOOGALLERY_ACCESS_KEY to the key bound to your production interfaces (seller console).")
    return key


def tool(args: list[str]) -> None:
    """Command-line access to the algorithms, to check them against the vectors of docs/any-language.md."""
    command = args[0]
    if command == "sign-request" and len(args) == 3:
        print(kg.v2_signature(access_key_from_env(), sys.stdin.buffer.read(), args[1], args[2]))
    elif command == "canonical-sign-request" and len(args) == 3:
        payload = kg.canonical_payload(sys.stdin.buffer.read())
        if payload is None:
            sys.exit("the body on stdin is not a JSON object")
        print(kg.v2_signature(access_key_from_env(), payload, args[1], args[2]))
    elif command == "body-sign" and len(args) == 1:
        print(kg.body_sign(access_key_from_env(), sys.stdin.buffer.read()))
    elif command == "encrypt" and len(args) == 4:
        print(kg.encrypt_credential(access_key_from_env(), args[1], args[2], args[3]))
    elif command == "decrypt" and len(args) == 3:
        print(kg.decrypt_credential(access_key_from_env(), args[1], args[2]))
    else:
        sys.exit(__doc__)


def main() -> None:
    if len(sys.argv) > 1:
        tool(sys.argv[1:])
        return
    seller = Seller(access_key_from_env(), os.environ.get("FRONT_END_URL", "https://app.example.com"))
    produce_path = os.environ.get("PRODUCE_PATH", "/produce")
    server = ThreadingHTTPServer(
        (os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "8080"))), make_handler(seller, produce_path)
    )
    host, port = server.server_address[:2]
    print(f"KooGallery seller listening on http://{host}:{port}{produce_path}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
