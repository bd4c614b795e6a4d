package example.koogallery;

import com.sun.net.httpserver.Headers;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;

/**
 * Writes a response header with its name exactly as given. {@link Headers} normalises every name to "first letter
 * upper-case, the rest lower-case", so {@code set("Body-Sign", …)} goes out as {@code Body-sign} — which the
 * platform's checker refuses: the header name is case-sensitive (protocol.md §7.3). The JDK offers no public way
 * around it, so this writes into the map behind {@link Headers}. That needs the package opened: the jar's manifest
 * says {@code Add-Opens: jdk.httpserver/com.sun.net.httpserver} (honoured by {@code java -jar}); started another
 * way, the JVM needs {@code --add-opens jdk.httpserver/com.sun.net.httpserver=ALL-UNNAMED}. Servers such as Tomcat, Jetty or
 * Undertow (Spring Boot) keep header names as written and need none of this.
 */
final class ExactHeaderNames {
  private static final Field MAP;

  static {
    try {
      MAP = Headers.class.getDeclaredField("map");
      MAP.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "Cannot write the header name Body-Sign exactly: start the JVM with"
              + " --add-opens jdk.httpserver/com.sun.net.httpserver=ALL-UNNAMED ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  private ExactHeaderNames() {}

  /** Fails at start-up, naming the missing JVM option, instead of on the first reply. */
  static void check() {
    // Loading the class runs the static initialiser above.
  }

  @SuppressWarnings("unchecked")
  static void set(Headers headers, String name, String value) {
    try {
      Map<String, List<String>> map = (Map<String, List<String>>) MAP.get(headers);
      headers.remove(name);
      map.put(name, List.of(value));
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
