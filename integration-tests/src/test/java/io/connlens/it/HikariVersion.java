package io.connlens.it;

/**
 * The HikariCP jar the hikari app runs with: it is compiled against 5 and must behave the same on
 * 7. Each version's jar sits alone in its own directory of the app's target/.
 */
enum HikariVersion {
  V5("5", "hikari-5"),
  V7("7", "hikari-7");

  private final String major;
  private final String directory;

  HikariVersion(String major, String directory) {
    this.major = major;
    this.directory = directory;
  }

  /** The directory under the hikari app's target/ holding this version's jar. */
  String directory() {
    return directory;
  }

  @Override
  public String toString() {
    return "HikariCP " + major;
  }
}
