package example.koogallery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal JSON for the production interfaces: parses into {@code Map} (key order kept), {@code List},
 * {@code String}, {@link Json.Number} (the literal text, so re-serialising keeps it), {@code Boolean} and
 * {@code null}; writes compact JSON. Standard library only.
 */
public final class Json {
  /** A JSON number, kept as written. */
  public record Number(String text) {}

  /** Thrown for text that is not JSON. */
  public static final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    ParseException(String message, int at) {
      super(message + " at offset " + at);
    }
  }

  private final String s;
  private int i;

  private Json(String s) {
    this.s = s;
  }

  public static Object parse(String text) throws ParseException {
    Json p = new Json(text);
    p.skipSpace();
    Object value = p.value();
    p.skipSpace();
    if (p.i != p.s.length()) throw new ParseException("unexpected text", p.i);
    return value;
  }

  private void skipSpace() {
    while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) i++;
  }

  private Object value() throws ParseException {
    if (i >= s.length()) throw new ParseException("unexpected end", i);
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        return number();
    }
  }

  private Object literal(String word, Object value) throws ParseException {
    if (!s.startsWith(word, i)) throw new ParseException("unexpected character", i);
    i += word.length();
    return value;
  }

  private Number number() throws ParseException {
    int start = i;
    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
    String text = s.substring(start, i);
    if (!text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
      throw new ParseException("invalid number", start);
    }
    return new Number(text);
  }

  private Map<String, Object> object() throws ParseException {
    Map<String, Object> map = new LinkedHashMap<>();
    i++;
    skipSpace();
    if (i < s.length() && s.charAt(i) == '}') {
      i++;
      return map;
    }
    while (true) {
      skipSpace();
      if (i >= s.length() || s.charAt(i) != '"') throw new ParseException("expected a key", i);
      String key = string();
      skipSpace();
      expect(':');
      skipSpace();
      map.put(key, value());
      skipSpace();
      if (i < s.length() && s.charAt(i) == ',') {
        i++;
        continue;
      }
      expect('}');
      return map;
    }
  }

  private List<Object> array() throws ParseException {
    List<Object> list = new ArrayList<>();
    i++;
    skipSpace();
    if (i < s.length() && s.charAt(i) == ']') {
      i++;
      return list;
    }
    while (true) {
      skipSpace();
      list.add(value());
      skipSpace();
      if (i < s.length() && s.charAt(i) == ',') {
        i++;
        continue;
      }
      expect(']');
      return list;
    }
  }

  private void expect(char c) throws ParseException {
    if (i >= s.length() || s.charAt(i) != c) throw new ParseException("expected '" + c + "'", i);
    i++;
  }

  private String string() throws ParseException {
    StringBuilder out = new StringBuilder();
    i++;
    while (true) {
      if (i >= s.length()) throw new ParseException("unterminated string", i);
      char c = s.charAt(i++);
      if (c == '"') return out.toString();
      if (c < 0x20) throw new ParseException("control character in string", i - 1);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (i >= s.length()) throw new ParseException("unterminated escape", i);
      char e = s.charAt(i++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (i + 4 > s.length()) throw new ParseException("short \\u escape", i);
          try {
            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          } catch (NumberFormatException ex) {
            throw new ParseException("bad \\u escape", i);
          }
          i += 4;
        }
        default -> throw new ParseException("bad escape", i - 1);
      }
    }
  }

  /**
   * Compact JSON. {@code asciiOnly} writes every non-ASCII character as {@code \\uXXXX} (what the platform wants
   * in replies, §3.2 memo); otherwise non-ASCII stays as it is and "/" is not escaped, like Jackson's
   * {@code writeValueAsString} (the canonical form of §7.1).
   */
  public static String write(Object value, boolean asciiOnly) {
    StringBuilder out = new StringBuilder();
    write(value, asciiOnly, out);
    return out.toString();
  }

  private static void write(Object value, boolean asciiOnly, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String str) {
      writeString(str, asciiOnly, out);
    } else if (value instanceof Number n) {
      out.append(n.text());
    } else if (value instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!first) out.append(',');
        first = false;
        writeString((String) entry.getKey(), asciiOnly, out);
        out.append(':');
        write(entry.getValue(), asciiOnly, out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int k = 0; k < list.size(); k++) {
        if (k > 0) out.append(',');
        write(list.get(k), asciiOnly, out);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("cannot write " + value.getClass());
    }
  }

  private static void writeString(String str, boolean asciiOnly, StringBuilder out) {
    out.append('"');
    for (int k = 0; k < str.length(); k++) {
      char c = str.charAt(k);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || (asciiOnly && c > 0x7e)) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    out.append('"');
  }
}
