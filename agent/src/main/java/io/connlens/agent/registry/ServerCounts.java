package io.connlens.agent.registry;

import io.connlens.agent.jdbc.DatabaseServer;
import java.util.concurrent.atomic.LongAdder;

/**
 * The physical connections to one database server (host, port, database) since start, whichever pool
 * or driver opened them: what the server's {@code max_connections} counts.
 */
public final class ServerCounts {
  private final DatabaseServer server;
  final LongAdder opened = new LongAdder();
  final LongAdder closed = new LongAdder();
  final LongAdder collected = new LongAdder();

  ServerCounts(DatabaseServer server) {
    this.server = server;
  }

  /** The server. */
  public DatabaseServer server() {
    return server;
  }

  /** {@code {opened, closed, open, unclosed}} of its physical connections, as {@link PoolCounts#physical()}. */
  public long[] physical() {
    return PoolCounts.counts(opened, closed, collected);
  }
}
