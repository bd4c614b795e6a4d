package example.koogallery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** KooGallery signatures and credential encryption (protocol.md §7), with javax.crypto only. */
public final class KooGalleryCrypto {
  private KooGalleryCrypto() {}

  /** HMAC-SHA256 with the UTF-8 bytes of {@code key}. */
  public static byte[] hmacSha256(String key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  /**
   * The body as Huawei's Java sample re-serialises it (§7.1): top-level keys in ascending {@code String.compareTo}
   * order (a TreeMap), null values dropped, compact, non-ASCII and "/" unescaped. Null when not a JSON object.
   */
  public static byte[] canonicalPayload(byte[] rawBody) {
    Object parsed;
    try {
      parsed = Json.parse(new String(rawBody, StandardCharsets.UTF_8));
    } catch (Json.ParseException e) {
      return null;
    }
    if (!(parsed instanceof Map<?, ?> map)) return null;
    TreeMap<String, Object> sorted = new TreeMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (entry.getValue() != null) sorted.put((String) entry.getKey(), entry.getValue());
    }
    return Json.write(sorted, false).getBytes(StandardCharsets.UTF_8);
  }

  /** §7.1: hex(HMAC(key, key + nonce + timestamp + hex(HMAC(key, payload)))), lower-case. */
  public static String v2Signature(String accessKey, byte[] payload, String nonce, String timestamp) {
    String inner = HexFormat.of().formatHex(hmacSha256(accessKey, payload));
    String canonical = accessKey + nonce + timestamp + inner;
    return HexFormat.of().formatHex(hmacSha256(accessKey, canonical.getBytes(StandardCharsets.UTF_8)));
  }

  /** Raw bytes first, then the canonical re-serialisation; hex compared case-insensitively, in constant time. */
  public static boolean v2SignatureMatches(
      String accessKey, byte[] rawBody, String nonce, String timestamp, String signature) {
    byte[] given = signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    byte[] raw = v2Signature(accessKey, rawBody, nonce, timestamp).getBytes(StandardCharsets.UTF_8);
    if (MessageDigest.isEqual(raw, given)) return true;
    byte[] canonical = canonicalPayload(rawBody);
    if (canonical == null) return false;
    byte[] sorted = v2Signature(accessKey, canonical, nonce, timestamp).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(sorted, given);
  }

  /** §7.3: the Body-Sign header over the exact reply bytes, in the documented rendering. */
  public static String bodySign(String accessKey, byte[] body) {
    String signature = Base64.getEncoder().encodeToString(hmacSha256(accessKey, body));
    return "sign_type=\"HMAC-SHA256\", signature=\"" + signature + "\"";
  }

  /**
   * §7.6: the AES key exactly as the platform derives it: {@code KeyGenerator("AES")} initialised with
   * {@code SecureRandom("SHA1PRNG")} seeded with the key's UTF-8 bytes. encryptType "1" = AES-256 (default),
   * "2" = AES-128.
   */
  public static SecretKeySpec aesKey(String accessKey, String encryptType) {
    int bits =
        switch (encryptType) {
          case "1" -> 256;
          case "2" -> 128;
          default -> throw new IllegalArgumentException(
              "encryptType must be \"1\" (AES-256) or \"2\" (AES-128), got \"" + encryptType + "\"");
        };
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(accessKey.getBytes(StandardCharsets.UTF_8));
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(bits, random);
      return new SecretKeySpec(generator.generateKey().getEncoded(), "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA1PRNG and AES are part of every Java runtime", e);
    }
  }

  /** §7.6: iv + base64(AES-CBC-PKCS5(plaintext)); {@code iv} is 16 ASCII letters or digits. */
  public static String encryptCredential(String accessKey, String encryptType, String iv, String plaintext)
      throws GeneralSecurityException {
    if (!iv.matches("[A-Za-z0-9]{16}")) throw new IllegalArgumentException("the IV must be 16 letters or digits");
    Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
    cipher.init(
        Cipher.ENCRYPT_MODE,
        aesKey(accessKey, encryptType),
        new IvParameterSpec(iv.getBytes(StandardCharsets.US_ASCII)));
    byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
    return iv + Base64.getEncoder().encodeToString(ciphertext);
  }

  /** The inverse of {@link #encryptCredential}. */
  public static String decryptCredential(String accessKey, String encryptType, String value)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
    cipher.init(
        Cipher.DECRYPT_MODE,
        aesKey(accessKey, encryptType),
        new IvParameterSpec(value.substring(0, 16).getBytes(StandardCharsets.US_ASCII)));
    byte[] plaintext = cipher.doFinal(Base64.getDecoder().decode(value.substring(16)));
    return new String(plaintext, StandardCharsets.UTF_8);
  }
}
