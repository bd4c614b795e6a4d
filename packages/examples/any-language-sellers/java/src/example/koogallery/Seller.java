package example.koogallery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A KooGallery SaaS seller in Java 17: the V2 production interfaces (protocol.md §2, §3), written from the protocol
 * reference with com.sun.net.httpserver and javax.crypto only.
 *
 * <p>Run: {@code KOOGALLERY_ACCESS_KEY=... java -jar build/seller.jar} (serves
 * http://127.0.0.1:8080/produce). Environment: KOOGALLERY_ACCESS_KEY (required), PORT (default 8080; 0 picks a
 * free port), HOST (127.0.0.1), PRODUCE_PATH (/produce), FRONT_END_URL (https://app.example.com). Tools (check the
 * algorithms against the vectors of docs/any-language.md): {@code sign-request NONCE TIMESTAMP < body},
 * {@code canonical-sign-request NONCE TIMESTAMP < body}, {@code body-sign < body},
 * {@code encrypt ENCRYPT_TYPE IV PLAINTEXT}, {@code decrypt ENCRYPT_TYPE VALUE}.
 */
public final class Seller {
  /** §2.2: |now - timestamp| <= 60 s, in milliseconds; nonces are remembered for twice the window. */
  static final long WINDOW_MS = 60_000;

  /** §3 field tables: the mandatory string fields of each V2 basic interface. */
  static final Map<String, List<String>> MANDATORY =
      Map.of(
          "newInstance", List.of("orderId", "orderLineId", "businessId"),
          "queryInstance", List.of("instanceId"),
          "refreshInstance", List.of("instanceId", "orderId", "orderLineId", "scene", "expireTime"),
          "updateInstanceStatus", List.of("instanceId", "status"),
          "releaseInstance", List.of("instanceId"),
          "upgradeInstance", List.of("instanceId", "orderId", "orderLineId"),
          "changeInstanceCheck", List.of("instanceId"));

  static final Set<String> SCENES =
      Set.of("TRIAL_TO_FORMAL", "RENEWAL", "UNSUBSCRIBE_RENEWAL_PERIOD", "RENEWAL_CHANGE");

  // §6.1 result codes, with the messages of Huawei's sample.
  static final String OK = "000000";
  static final String AUTH_FAILED = "000001";
  static final String BAD_PARAMS = "000002";
  static final String NO_INSTANCE = "000003";
  static final String INTERNAL = "000005";

  /** A request the seller refuses: travels back as resultCode/resultMsg with HTTP 200. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final String code;

    Refused(String code, String message) {
      super(message);
      this.code = code;
    }
  }

  /** One instance; its fields change under the instance's own lock. */
  static final class Instance {
    String status = "ACTIVE";
    String expireTime;
    String upgradeOrderId;
  }

  private final String accessKey;
  private final String frontEndUrl;
  /** nonce → expiry (ms); only verified requests use up a nonce. */
  private final Map<String, Long> nonces = new ConcurrentHashMap<>();
  /** orderId + "\n" + orderLineId → instanceId: newInstance is idempotent on the order line (§3.1). */
  private final Map<String, String> instanceByOrder = new ConcurrentHashMap<>();

  private final Map<String, Instance> instances = new ConcurrentHashMap<>();

  Seller(String accessKey, String frontEndUrl) {
    this.accessKey = accessKey;
    this.frontEndUrl = frontEndUrl;
  }

  /** §7.1 and §2.2; every missing or stale parameter is an authentication failure (000001, as §13.2 expects). */
  void authenticate(Map<String, String> query, byte[] rawBody) throws Refused {
    String signature = query.getOrDefault("signature", "");
    String timestamp = query.getOrDefault("timestamp", "");
    String nonce = query.getOrDefault("nonce", "");
    if (signature.isEmpty() || timestamp.isEmpty() || nonce.isEmpty()) {
      throw new Refused(AUTH_FAILED, "signature, timestamp and nonce are required");
    }
    if (!timestamp.matches("[0-9]{1,15}")) {
      throw new Refused(AUTH_FAILED, "timestamp must be milliseconds since the epoch");
    }
    long now = System.currentTimeMillis();
    if (Math.abs(now - Long.parseLong(timestamp)) > WINDOW_MS) {
      throw new Refused(AUTH_FAILED, "timestamp outside the 60 s window");
    }
    if (!KooGalleryCrypto.v2SignatureMatches(accessKey, rawBody, nonce, timestamp, signature)) {
      throw new Refused(AUTH_FAILED, "signature mismatch");
    }
    nonces.values().removeIf(expiry -> expiry < now);
    if (nonces.putIfAbsent(nonce, now + 2 * WINDOW_MS) != null) {
      throw new Refused(AUTH_FAILED, "nonce already used");
    }
  }

  /** Authenticates, validates and dispatches one call; returns the fields to add to a success reply. */
  Map<String, Object> handle(Map<String, String> query, byte[] rawBody) throws Refused {
    authenticate(query, rawBody);
    Object parsed;
    try {
      parsed = Json.parse(new String(rawBody, StandardCharsets.UTF_8));
    } catch (Json.ParseException e) {
      throw new Refused(BAD_PARAMS, "the body must be a JSON object");
    }
    if (!(parsed instanceof Map<?, ?> raw)) throw new Refused(BAD_PARAMS, "the body must be a JSON object");
    Map<String, Object> body = new HashMap<>();
    raw.forEach((k, v) -> body.put((String) k, v));
    Object activity = body.get("activity");
    List<String> mandatory = activity instanceof String a ? MANDATORY.get(a) : null;
    if (mandatory == null) throw new Refused(BAD_PARAMS, "unknown activity");
    for (String field : mandatory) {
      if (!(body.get(field) instanceof String value) || value.isEmpty()) {
        throw new Refused(BAD_PARAMS, field + " is required");
      }
      int limit = field.equals("instanceId") && activity.equals("queryInstance") ? 6499 : 64;
      if (value.length() > limit) throw new Refused(BAD_PARAMS, field + " is longer than " + limit + " characters");
    }
    return switch ((String) activity) {
      case "newInstance" -> newInstance(body);
      case "queryInstance" -> queryInstance(body);
      case "refreshInstance" -> refreshInstance(body);
      case "updateInstanceStatus" -> updateInstanceStatus(body);
      case "releaseInstance" -> releaseInstance(body);
      case "upgradeInstance" -> upgradeInstance(body);
      default -> changeInstanceCheck(body);
    };
  }

  private Instance instance(Map<String, Object> body) throws Refused {
    Instance instance = instances.get((String) body.get("instanceId"));
    if (instance == null) throw new Refused(NO_INSTANCE, "instance is invalid");
    return instance;
  }

  private Map<String, Object> newInstance(Map<String, Object> body) {
    String order = body.get("orderId") + "\n" + body.get("orderLineId");
    // computeIfAbsent is atomic: concurrent retries of one order line get one instance.
    String instanceId =
        instanceByOrder.computeIfAbsent(
            order,
            key -> {
              String id = UUID.randomUUID().toString().replace("-", "");
              instances.put(id, new Instance());
              return id;
            });
    return Map.of("instanceId", instanceId);
  }

  private Map<String, Object> queryInstance(Map<String, Object> body) throws Refused {
    String[] ids = ((String) body.get("instanceId")).split(",", -1);
    if (ids.length > 100) throw new Refused(BAD_PARAMS, "at most 100 instance ids");
    List<Object> info = new ArrayList<>();
    for (String id : ids) {
      if (id.isEmpty() || id.length() > 64) throw new Refused(BAD_PARAMS, "instanceId must be ids separated by commas");
      Instance instance = instances.get(id);
      if (instance == null) continue;
      synchronized (instance) {
        // A released instance is no longer reported (the buyer's resource is gone); releasing it again still
        // answers 000000 (releaseInstance).
        if (instance.status.equals("RELEASED")) continue;
      }
      Map<String, Object> appInfo = new LinkedHashMap<>();
      appInfo.put("frontEndUrl", frontEndUrl);
      appInfo.put("userName", "admin");
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("instanceId", id);
      entry.put("appInfo", appInfo);
      info.add(entry);
    }
    return Map.of("info", info);
  }

  private Map<String, Object> refreshInstance(Map<String, Object> body) throws Refused {
    if (!SCENES.contains((String) body.get("scene"))) throw new Refused(BAD_PARAMS, "unknown scene");
    String expireTime = (String) body.get("expireTime");
    // §3.3 / §15.10: 14 digits in the table, 17 in the official example; accept both.
    if (!expireTime.matches("[0-9]{14}([0-9]{3})?")) {
      throw new Refused(BAD_PARAMS, "expireTime must be yyyyMMddHHmmss or yyyyMMddHHmmssSSS");
    }
    Instance instance = instance(body);
    synchronized (instance) {
      instance.expireTime = expireTime;
    }
    return Map.of();
  }

  private Map<String, Object> updateInstanceStatus(Map<String, Object> body) throws Refused {
    String status =
        switch ((String) body.get("status")) {
          case "FREEZE" -> "FROZEN";
          case "UNFREEZE" -> "ACTIVE";
          default -> throw new Refused(BAD_PARAMS, "status must be FREEZE or UNFREEZE");
        };
    Instance instance = instance(body);
    synchronized (instance) {
      instance.status = status;
    }
    return Map.of();
  }

  private Map<String, Object> releaseInstance(Map<String, Object> body) throws Refused {
    // Releasing a released instance again is success: the platform repeats releases whose reply was lost.
    Instance instance = instance(body);
    synchronized (instance) {
      instance.status = "RELEASED";
    }
    return Map.of();
  }

  private Map<String, Object> upgradeInstance(Map<String, Object> body) throws Refused {
    // A real seller fetches the CHANGE order (order query Open API, §8.3) and applies the new SKU.
    Instance instance = instance(body);
    synchronized (instance) {
      instance.upgradeOrderId = (String) body.get("orderId");
    }
    return Map.of();
  }

  private Map<String, Object> changeInstanceCheck(Map<String, Object> body) throws Refused {
    if (!(body.get("productInfo") instanceof Map<?, ?>)) throw new Refused(BAD_PARAMS, "productInfo is required");
    instance(body);
    return Map.of();
  }

  void serve(HttpExchange exchange, String producePath) throws IOException {
    byte[] rawBody = exchange.getRequestBody().readAllBytes();
    Map<String, Object> reply = new LinkedHashMap<>();
    int status = 200;
    if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals(producePath)) {
      status = 404;
      reply.put("resultCode", BAD_PARAMS);
      reply.put("resultMsg", "no production interface here");
    } else {
      try {
        Map<String, Object> fields = handle(queryParameters(exchange.getRequestURI().getRawQuery()), rawBody);
        reply.put("resultCode", OK);
        reply.put("resultMsg", "success.");
        reply.putAll(fields);
      } catch (Refused refused) {
        reply.put("resultCode", refused.code);
        reply.put("resultMsg", refused.getMessage());
      } catch (RuntimeException e) {
        System.err.println("internal error: " + e);
        reply.put("resultCode", INTERNAL);
        reply.put("resultMsg", "other inner error");
      }
    }
    // §2.3 and §7.3: always HTTP 200 with JSON; serialise once and sign exactly the bytes sent.
    byte[] out = Json.write(reply, true).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
    ExactHeaderNames.set(exchange.getResponseHeaders(), "Body-Sign", KooGalleryCrypto.bodySign(accessKey, out));
    exchange.sendResponseHeaders(status, out.length);
    try (OutputStream stream = exchange.getResponseBody()) {
      stream.write(out);
    }
  }

  static Map<String, String> queryParameters(String rawQuery) {
    Map<String, String> query = new HashMap<>();
    if (rawQuery == null) return query;
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.putIfAbsent(name, value);
    }
    return query;
  }

  static String accessKeyFromEnv() {
    String key = System.getenv("KOOGALLERY_ACCESS_KEY");
    if (key == null || key.isEmpty()) {
      System.err.println(
          "Set KOOGALLERY_ACCESS_KEY to the key bound to your production interfaces (seller console).");
      System.exit(2);
    }
    return key;
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  /** Command-line access to the algorithms, to check them against the vectors. */
  static void tool(String[] args) throws Exception {
    String key = accessKeyFromEnv();
    String command = args[0];
    if (command.equals("sign-request") && args.length == 3) {
      System.out.println(KooGalleryCrypto.v2Signature(key, System.in.readAllBytes(), args[1], args[2]));
    } else if (command.equals("canonical-sign-request") && args.length == 3) {
      byte[] payload = KooGalleryCrypto.canonicalPayload(System.in.readAllBytes());
      if (payload == null) throw new IllegalArgumentException("the body on stdin is not a JSON object");
      System.out.println(KooGalleryCrypto.v2Signature(key, payload, args[1], args[2]));
    } else if (command.equals("body-sign") && args.length == 1) {
      System.out.println(KooGalleryCrypto.bodySign(key, System.in.readAllBytes()));
    } else if (command.equals("encrypt") && args.length == 4) {
      System.out.println(KooGalleryCrypto.encryptCredential(key, args[1], args[2], args[3]));
    } else if (command.equals("decrypt") && args.length == 3) {
      System.out.println(KooGalleryCrypto.decryptCredential(key, args[1], args[2]));
    } else {
      System.err.println(
          "Usage: Seller [sign-request NONCE TIMESTAMP | canonical-sign-request NONCE TIMESTAMP | body-sign"
              + " | encrypt ENCRYPT_TYPE IV PLAINTEXT | decrypt ENCRYPT_TYPE VALUE]");
      System.exit(2);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      tool(args);
      return;
    }
    ExactHeaderNames.check();
    Seller seller = new Seller(accessKeyFromEnv(), env("FRONT_END_URL", "https://app.example.com"));
    String producePath = env("PRODUCE_PATH", "/produce");
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(env("HOST", "127.0.0.1"), Integer.parseInt(env("PORT", "8080"))), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            seller.serve(exchange, producePath);
          }
        });
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    InetSocketAddress address = server.getAddress();
    System.out.println(
        "KooGallery seller listening on http://"
            + address.getHostString()
            + ":"
            + address.getPort()
            + producePath);
  }
}
