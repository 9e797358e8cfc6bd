package io.connlens.agent.pool;

import io.connlens.agent.jdbc.JdbcUrls;

/** How a pool without a name of its own is named: its kind and its database, the same on every run. */
public final class PoolNames {
  private PoolNames() {}

  /**
   * {@code kind:url}, the URL redacted and without {@code jdbc:}, its properties and its query:
   * {@code dbcp2:h2:mem:orders} for {@code jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1},
   * {@code agroal:postgresql://db:5432/shop} for {@code jdbc:postgresql://db:5432/shop?user=app}.
   * {@code null} when the URL is unknown.
   */
  public static String unnamed(String kind, String jdbcUrl) {
    if (jdbcUrl == null || jdbcUrl.isEmpty()) {
      return null;
    }
    String url = JdbcUrls.redact(jdbcUrl);
    if (url.regionMatches(true, 0, "jdbc:", 0, 5)) {
      url = url.substring(5);
    }
    int end = url.length();
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == ';' || c == '?') {
        end = i;
        break;
      }
    }
    url = url.substring(0, end);
    return url.isEmpty() ? null : kind + ":" + url;
  }
}
