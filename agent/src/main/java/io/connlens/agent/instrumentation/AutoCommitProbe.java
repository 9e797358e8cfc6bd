package io.connlens.agent.instrumentation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Function;

/**
 * Asks a statement's connection whether auto-commit is on, for a lease whose mode no
 * {@code setAutoCommit} call has told (a pool may have set it when it opened the physical connection).
 * Asked once per lease, at its first statement; both calls only read the driver's state.
 */
public final class AutoCommitProbe implements Function<Object, Boolean> {
  @Override
  public Boolean apply(Object statement) {
    if (!(statement instanceof Statement)) {
      return null;
    }
    try {
      Connection connection = ((Statement) statement).getConnection();
      return connection == null ? null : connection.getAutoCommit();
    } catch (SQLException | RuntimeException | LinkageError e) {
      return null; // a closed connection, or a driver that cannot tell: treated as auto-commit
    }
  }
}
