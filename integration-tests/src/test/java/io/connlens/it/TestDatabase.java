package io.connlens.it;

/**
 * A database the test apps run against: H2 in memory (always there), PostgreSQL or MariaDB (see
 * {@link DatabaseServer}). The URL is resolved when a test asks for it, so a missing server skips
 * (or, in CI, fails) exactly the tests that need it.
 */
enum TestDatabase {
  H2("H2", "jdbc:h2:") {
    @Override
    String url() {
      return "jdbc:h2:mem:app;DB_CLOSE_DELAY=-1";
    }
  },
  POSTGRESQL("PostgreSQL", "jdbc:postgresql:") {
    @Override
    String url() {
      return DatabaseServer.POSTGRESQL.url();
    }
  },
  MARIADB("MariaDB", "jdbc:mariadb:") {
    @Override
    String url() {
      return DatabaseServer.MARIADB.url();
    }
  };

  private final String displayName;
  private final String urlScheme;

  TestDatabase(String displayName, String urlScheme) {
    this.displayName = displayName;
    this.urlScheme = urlScheme;
  }

  /** The JDBC URL an app gets; skips the calling test when the database cannot be had. */
  abstract String url();

  /** How every URL of this database starts, e.g. {@code jdbc:postgresql:}. */
  String urlScheme() {
    return urlScheme;
  }

  @Override
  public String toString() {
    return displayName;
  }
}
