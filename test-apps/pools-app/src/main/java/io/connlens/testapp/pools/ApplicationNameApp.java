package io.connlens.testapp.pools;

import io.connlens.testapp.support.ScenarioConsole;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * What a DBA sees in {@code pg_stat_activity} of a service under {@code tag.application_name=true}:
 * {@code java io.connlens.testapp.pools.ApplicationNameApp hikari application-name POSTGRESQL_URL}.
 * Holds a pooled connection, reads its backend's {@code application_name} from a second, direct
 * connection, closes it, and reads it again: prints {@code while held: NAME} and {@code after close: NAME}.
 */
public final class ApplicationNameApp {
  private static final List<String> SCENARIOS = List.of("application-name");

  private ApplicationNameApp() {}

  public static void main(String[] args) throws Exception {
    PoolKind kind = args.length == 3 ? PoolKind.of(args[0]) : null;
    if (kind == null || !SCENARIOS.contains(args[1])) {
      ScenarioConsole.usage(ApplicationNameApp.class.getName(), "POOL SCENARIO JDBC_URL", SCENARIOS,
          kind == null ? "unknown pool or missing arguments" : "unknown scenario");
    }
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Pool pool = kind.open(new PoolSettings(args[2], kind.named() ? PoolsApp.POOL_NAME : null, false));
    try (Connection observer = DriverManager.getConnection(args[2])) {
      Connection held = holdForExport(pool.dataSource());
      int backend = backendPid(held);
      System.out.println("while held: " + applicationName(observer, backend));
      held.close();
      System.out.println("after close: " + applicationName(observer, backend));
    }
    pool.close();
    ScenarioConsole.done(args[1]);
  }

  /** The connection a DBA wants named: taken here, held while the DBA looks. */
  private static Connection holdForExport(DataSource dataSource) throws SQLException {
    return dataSource.getConnection(); // ACQUIRE:tagged
  }

  private static int backendPid(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
      row.next();
      return row.getInt(1);
    }
  }

  private static String applicationName(Connection observer, int backend) throws SQLException {
    try (PreparedStatement query = observer.prepareStatement("SELECT application_name FROM pg_stat_activity WHERE pid = ?")) {
      query.setInt(1, backend);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getString(1) : "(no such backend)";
      }
    }
  }
}
