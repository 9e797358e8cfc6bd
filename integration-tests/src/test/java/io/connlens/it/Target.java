package io.connlens.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Where one app run happens: a JDK, a database and, for the hikari app, a HikariCP version. Its
 * {@link #toString()} is the parameterized test's display name, e.g. "JDK 25 · PostgreSQL · HikariCP 7".
 *
 * @param hikari null for apps without a pool
 */
record Target(Jdk jdk, TestDatabase database, HikariVersion hikari) {

  /** Every JDK under test, on each database. */
  static List<Target> matrix(List<TestDatabase> databases) {
    List<Target> targets = new ArrayList<>();
    for (Jdk jdk : Jdk.underTest()) {
      for (TestDatabase database : databases) {
        targets.add(new Target(jdk, database, null));
      }
    }
    return targets;
  }

  /** Every JDK under test, on each database, with each HikariCP version. */
  static List<Target> hikariMatrix(List<TestDatabase> databases) {
    List<Target> targets = new ArrayList<>();
    for (Target target : matrix(databases)) {
      for (HikariVersion hikari : HikariVersion.values()) {
        targets.add(new Target(target.jdk, target.database, hikari));
      }
    }
    return targets;
  }

  @Override
  public String toString() {
    return jdk + " · " + database + (hikari == null ? "" : " · " + hikari);
  }
}
