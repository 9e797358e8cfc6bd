package io.connlens.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Where one app run happens: a JDK, a database and, for the hikari app, a HikariCP version, for the
 * pools app, a pool. Its {@link #toString()} is the parameterized test's display name, e.g.
 * "JDK 25 · PostgreSQL · HikariCP 7" or "JDK 17 · H2 · c3p0".
 *
 * @param hikari null but for the hikari app
 * @param pool null but for the pools app
 */
record Target(Jdk jdk, TestDatabase database, HikariVersion hikari, TestPool pool) {

  /** A target for an app that chooses no pool library at launch. */
  Target(Jdk jdk, TestDatabase database, HikariVersion hikari) {
    this(jdk, database, hikari, null);
  }

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

  /** One target per pool of {@code pools}, on one JDK and database. */
  static List<Target> poolMatrix(Jdk jdk, TestDatabase database, List<TestPool> pools) {
    List<Target> targets = new ArrayList<>();
    for (TestPool pool : pools) {
      targets.add(new Target(jdk, database, null, pool));
    }
    return targets;
  }

  @Override
  public String toString() {
    return jdk + " · " + database + (hikari == null ? "" : " · " + hikari) + (pool == null ? "" : " · " + pool);
  }
}
