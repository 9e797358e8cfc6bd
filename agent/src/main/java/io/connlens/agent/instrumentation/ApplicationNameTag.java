package io.connlens.agent.instrumentation;

import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.WeakIdentityMap;
import io.connlens.agent.sql.SqlDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code tag.application_name=true}: while the application holds a PostgreSQL connection, the
 * connection's {@code ApplicationName} client property names its acquire site, so that
 * {@code pg_stat_activity.application_name} shows which code holds each backend; the value it had
 * is set back in {@code close()}, before the pool takes the connection back.
 *
 * <p>This is the one place connlens changes the application's connections, so it is opt-in and
 * careful: it uses the JDBC API only ({@code getClientInfo} is local in pgjdbc, {@code setClientInfo}
 * one {@code SET} round trip), a connection that refuses keeps its value and is left alone, and the
 * server truncates nothing because the tag is printable ASCII of at most {@value #MAX_BYTES} bytes
 * (PostgreSQL's {@code NAMEDATALEN - 1}). A {@code SET} inside a transaction the application rolls back
 * is undone with it (PostgreSQL's rule): the tag then outlives the lease until the next borrow sets its own.
 */
final class ApplicationNameTag {
  static final String PROPERTY = "ApplicationName";
  /** The longest application_name PostgreSQL keeps. */
  static final int MAX_BYTES = 63;

  /** The value each tagged connection had before its lease, to set back at close. */
  private final WeakIdentityMap<Object, String> previous = new WeakIdentityMap<>();
  private final LongAdder refused = new LongAdder();

  /** Tags {@code connection}, just handed out as {@code lease}, when it is a PostgreSQL one and its site is known. */
  void leased(Object connection, Lease lease) {
    if (!(connection instanceof Connection) || lease.dialect() != SqlDialect.POSTGRESQL) {
      return;
    }
    CallSite site = lease.site();
    if (!site.isCaptured() || site.frames().isEmpty()) {
      return;
    }
    // a tagged connection dropped without close() leaves its entry: gone with each new tag, not kept for ever
    previous.pollCollected();
    Connection jdbc = (Connection) connection;
    try {
      String before = jdbc.getClientInfo(PROPERTY);
      jdbc.setClientInfo(PROPERTY, tagOf(site.topFrame()));
      previous.put(connection, before == null ? "" : before);
    } catch (SQLException | RuntimeException | LinkageError e) {
      refused.increment(); // a driver or pool without client info: the connection stays as it was
    }
  }

  /** Sets back what {@code connection} had before its lease, if connlens tagged it. */
  void closing(Object connection) {
    String before = previous.remove(connection);
    if (before == null) {
      return;
    }
    try {
      ((Connection) connection).setClientInfo(PROPERTY, before);
    } catch (SQLException | RuntimeException | LinkageError e) {
      refused.increment(); // closed or broken already: the pool replaces it, or the next lease tags it anew
    }
  }

  /** Connections tagged now, or dropped since the last tag (for tests: it must not grow). */
  int entries() {
    return previous.size();
  }

  /** Connections that refused a tag or its removal. */
  long refused() {
    return refused.sum();
  }

  /**
   * The tag for an acquire frame {@code pkg.OrderDao.find(OrderDao.java:42)}: without the package
   * ({@code OrderDao.find(OrderDao.java:42)}), printable ASCII, at most {@value #MAX_BYTES} characters.
   */
  static String tagOf(String frame) {
    int paren = frame.indexOf('(');
    String method = paren < 0 ? frame : frame.substring(0, paren);
    int lastDot = method.lastIndexOf('.');
    int classDot = lastDot < 0 ? -1 : method.lastIndexOf('.', lastDot - 1);
    String tag = classDot < 0 ? frame : frame.substring(classDot + 1);
    StringBuilder ascii = new StringBuilder(Math.min(tag.length(), MAX_BYTES));
    for (int i = 0; i < tag.length() && ascii.length() < MAX_BYTES; i++) {
      char c = tag.charAt(i);
      ascii.append(c >= 0x20 && c < 0x7f && c != '\'' && c != '\\' ? c : '?');
    }
    return ascii.toString();
  }
}
