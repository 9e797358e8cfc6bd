package io.connlens.testapp.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;

/** Correct code both apps run: a connection taken on one thread and closed by another. */
public final class ConnectionHandoff {
  private ConnectionHandoff() {}

  /** Closes {@code connection} on a new thread named "closer" and waits for it; rethrows its failure. */
  public static void closeOnAnotherThread(Connection connection) throws SQLException, InterruptedException {
    AtomicReference<SQLException> failure = new AtomicReference<>();
    Thread closer = new Thread(() -> {
      try {
        connection.close();
      } catch (SQLException e) {
        failure.set(e);
      }
    }, "closer");
    closer.start();
    closer.join();
    if (failure.get() != null) {
      throw failure.get();
    }
  }
}
