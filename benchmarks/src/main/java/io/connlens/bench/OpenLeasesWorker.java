package io.connlens.bench;

import fakejdbc.FakeDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * One memory measurement, in its own JVM (started by {@link OpenLeasesMemory}, with or without the agent):
 * the used heap after a full GC before any lease, with all leases open, and after closing them all;
 * prints {@code RESULT leases=N baseline=B open=B closed=B} (bytes).
 *
 * <p>Arguments: {@code LEASES DEPTH}: how many leases to hold open, and how many frames deeper than
 * {@code main} to take them (a captured acquire site grows with the stack).
 */
public final class OpenLeasesWorker {
  private OpenLeasesWorker() {}

  /** Measures, prints the result line. */
  public static void main(String[] args) throws Exception {
    int leases = Integer.parseInt(args[0]);
    int depth = Integer.parseInt(args[1]);
    FakeDataSource dataSource = new FakeDataSource();
    // load and warm what opening and closing a lease touches, in the agent too, before the baseline
    Connection[] connections = new Connection[leases];
    openAt(depth, dataSource, connections, 1000);
    closeAll(connections);

    usedHeapAfterGc(); // the first full collections of a JVM still move things around
    long baseline = usedHeapAfterGc();
    openAt(depth, dataSource, connections, leases);
    long open = usedHeapAfterGc();
    closeAll(connections);
    long closed = usedHeapAfterGc();
    System.out.println(String.format(Locale.ROOT, "RESULT leases=%d baseline=%d open=%d closed=%d",
        leases, baseline, open, closed));
  }

  private static void openAt(int depth, FakeDataSource dataSource, Connection[] into, int count) throws SQLException {
    if (depth > 0) {
      openAt(depth - 1, dataSource, into, count);
      return;
    }
    for (int i = 0; i < count; i++) {
      into[i] = dataSource.getConnection();
    }
  }

  private static void closeAll(Connection[] connections) throws SQLException {
    for (int i = 0; i < connections.length; i++) {
      if (connections[i] != null) {
        connections[i].close();
        connections[i] = null;
      }
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    return HeapAfterGc.used(3, 100);
  }
}
