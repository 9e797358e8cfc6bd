package io.connlens.agent.registry;

/**
 * Told when taking a connection fails: a borrow (the outermost {@code getConnection}) that threw, and a
 * physical connection the driver refused outside any borrow (a pool's own thread filling it). Called
 * on the failing thread, inside the application's call, only on that failure path; must not throw.
 */
public interface ConnectionFailureListener {
  /**
   * The outermost {@code getConnection} of {@code source} failed with {@code thrown} on this thread.
   *
   * @param database the URL (password removed) it was to connect to, or {@code null}
   * @param connectFailure what a {@code Driver.connect} inside that call threw, or {@code null}
   * @param connectDatabase the URL (password removed) of that connect, or {@code null}
   */
  void borrowFailed(DataSourceInfo source, String database, Throwable thrown, Throwable connectFailure,
      String connectDatabase);

  /**
   * The outermost {@code Driver.connect} failed with {@code thrown}, outside any borrow.
   *
   * @param database the URL (password removed), or {@code null}
   * @param pool the pool it was opened for, or {@code null} when none
   */
  void connectFailed(String database, String pool, Throwable thrown);
}
