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
    String url = JdbcUrls.beforeProperties(JdbcUrls.redactedBody(jdbcUrl));
    return url.isEmpty() ? null : kind + ":" + url;
  }
}
