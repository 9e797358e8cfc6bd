package io.connlens.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL server the tests use, found once: the URL in env {@value #URL_ENV} (default
 * {@value #DEFAULT_URL}, the server scripts/start-databases.sh starts) if it answers; otherwise a
 * Testcontainers container when a Docker engine is there; otherwise none, and the PostgreSQL tests
 * are skipped with the reason, or fail with it in CI.
 */
final class PostgresServer {
  static final String URL_ENV = "CONNLENS_TEST_PG_URL";
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  /**
   * The container's password. Tests that check a password never leaks put this same value in the
   * URL, so against the container it is the real password and against a trust-auth server it is
   * ignored.
   */
  static final String CONTAINER_PASSWORD = "secret";

  private static final int LOGIN_TIMEOUT_SECONDS = 3;
  private static final Object LOCK = new Object();
  private static String url;
  private static String unavailableReason;
  private static PostgreSQLContainer<?> container;

  private PostgresServer() {
  }

  /** The JDBC URL of a running server; otherwise skips the caller (fails it in CI) with the reason. */
  static String url() {
    synchronized (LOCK) {
      if (url == null && unavailableReason == null) {
        find();
      }
    }
    if (url != null) {
      return url;
    }
    if (CiEnvironment.isCi()) {
      Assertions.fail("PostgreSQL is required in CI (CI=true): " + unavailableReason);
    }
    Assumptions.abort("PostgreSQL not available: " + unavailableReason);
    throw new AssertionError("unreachable");
  }

  private static void find() {
    String configured = System.getenv(URL_ENV);
    String candidate = configured == null || configured.isBlank() ? DEFAULT_URL : configured.trim();
    String probeProblem = probe(candidate);
    if (probeProblem == null) {
      url = candidate;
      return;
    }
    String noServer = "no server answers at " + Urls.withoutPassword(candidate) + " (" + probeProblem
        + "; start one with scripts/start-databases.sh or set " + URL_ENV + ")";
    if (!dockerAvailable()) {
      unavailableReason = noServer + ", and no Docker engine for a Testcontainers PostgreSQL";
      return;
    }
    try {
      container = new PostgreSQLContainer<>(DockerImageName.parse("postgres:16-alpine"))
          .withDatabaseName("test")
          .withUsername("postgres")
          .withPassword(CONTAINER_PASSWORD);
      container.start(); // Testcontainers' reaper removes it when the test JVM ends
      url = Urls.withParameter(Urls.withParameter(container.getJdbcUrl(), "user", "postgres"),
          "password", CONTAINER_PASSWORD);
    } catch (RuntimeException e) {
      unavailableReason = noServer + ", and the Testcontainers PostgreSQL did not start: " + e;
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
