package io.connlens.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MariaDBContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A database server the tests use, found once: the URL in its environment variable (default: the
 * local server scripts/start-databases.sh starts) if it answers; otherwise a Testcontainers container
 * when a Docker engine is there; otherwise none, and the tests that need it are skipped with the
 * reason, or fail with it in CI.
 */
final class DatabaseServer {
  /**
   * The containers' password. Tests that check a password never leaks put this same value in the
   * URL, so against a container it is the real password and against a trust-auth server it is ignored.
   */
  static final String CONTAINER_PASSWORD = "secret";

  /** PostgreSQL: {@code CONNLENS_TEST_PG_URL}, else the local server on 5432 (trust auth). */
  static final DatabaseServer POSTGRESQL = new DatabaseServer("PostgreSQL", "CONNLENS_TEST_PG_URL",
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
      () -> new PostgreSQLContainer<>(DockerImageName.parse("postgres:16-alpine")).withDatabaseName("test")
          .withUsername("postgres").withPassword(CONTAINER_PASSWORD));
  /** MariaDB: {@code CONNLENS_TEST_MARIADB_URL}, else the local server on 3306 (root, no password). */
  static final DatabaseServer MARIADB = new DatabaseServer("MariaDB", "CONNLENS_TEST_MARIADB_URL",
      "jdbc:mariadb://127.0.0.1:3306/test?user=root",
      () -> new MariaDBContainer<>(DockerImageName.parse("mariadb:10.11")).withDatabaseName("test")
          .withUsername("root").withPassword(CONTAINER_PASSWORD));

  private static final int LOGIN_TIMEOUT_SECONDS = 3;

  private final String name;
  private final String urlEnvironmentVariable;
  private final String defaultUrl;
  private final Supplier<JdbcDatabaseContainer<?>> container;
  private String url;
  private String unavailableReason;

  private DatabaseServer(String name, String urlEnvironmentVariable, String defaultUrl,
      Supplier<JdbcDatabaseContainer<?>> container) {
    this.name = name;
    this.urlEnvironmentVariable = urlEnvironmentVariable;
    this.defaultUrl = defaultUrl;
    this.container = container;
  }

  /** The JDBC URL of a running server; otherwise skips the caller (fails it in CI) with the reason. */
  String url() {
    synchronized (this) {
      if (url == null && unavailableReason == null) {
        find();
      }
    }
    if (url != null) {
      return url;
    }
    if (CiEnvironment.isCi()) {
      Assertions.fail(name + " is required in CI (CI=true): " + unavailableReason);
    }
    Assumptions.abort(name + " not available: " + unavailableReason);
    throw new AssertionError("unreachable");
  }

  private void find() {
    String configured = System.getenv(urlEnvironmentVariable);
    String candidate = configured == null || configured.isBlank() ? defaultUrl : configured.trim();
    String probeProblem = probe(candidate);
    if (probeProblem == null) {
      url = candidate;
      return;
    }
    String noServer = "no server answers at " + Urls.withoutPassword(candidate) + " (" + probeProblem
        + "; start one with scripts/start-databases.sh or set " + urlEnvironmentVariable + ")";
    if (!dockerAvailable()) {
      unavailableReason = noServer + ", and no Docker engine for a Testcontainers " + name;
      return;
    }
    try {
      JdbcDatabaseContainer<?> started = container.get();
      started.start(); // Testcontainers' reaper removes it when the test JVM ends
      url = Urls.withParameter(Urls.withParameter(started.getJdbcUrl(), "user", started.getUsername()),
          "password", CONTAINER_PASSWORD);
    } catch (RuntimeException e) {
      unavailableReason = noServer + ", and the Testcontainers " + name + " did not start: " + e;
    }
  }

  /** Null when the server answers, else what went wrong. */
  private static String probe(String candidate) {
    DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
    try (Connection connection = DriverManager.getConnection(candidate)) {
      connection.createStatement().execute("SELECT 1");
      return null;
    } catch (SQLException e) {
      return e.getMessage();
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
