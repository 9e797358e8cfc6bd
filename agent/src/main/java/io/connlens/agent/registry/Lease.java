package io.connlens.agent.registry;

/**
 * One lease: what the application holds from the outermost {@code getConnection} to {@code close()}
 * of the object it got back. Holds no reference to that object, so a dropped connection can still be
 * garbage-collected and reported.
 */
public final class Lease {
  private final long id;
  private final DataSourceInfo source;
  private final Thread thread;
  private final String threadName;
  private final long acquiredNanos;
  private final long acquiredAtMillis;
  private final Throwable siteTrace;
  private final int siteDepth;
  private volatile String database;
  private volatile CallSite site;
  private volatile boolean suspected;
  private volatile boolean closed;
  private volatile Object suspicion;

  Lease(long id, DataSourceInfo source, Thread thread, long acquiredNanos, long acquiredAtMillis,
      Throwable siteTrace, int siteDepth, String database) {
    this.id = id;
    this.source = source;
    this.thread = thread;
    this.threadName = thread.getName();
    this.acquiredNanos = acquiredNanos;
    this.acquiredAtMillis = acquiredAtMillis;
    this.siteTrace = siteTrace;
    this.siteDepth = siteDepth;
    this.database = database;
  }

  /** A number unique in this JVM, in acquire order. */
  public long id() {
    return id;
  }

  /** The data source or pool the lease came from. */
  public DataSourceInfo source() {
    return source;
  }

  /** The pool or data source name, or {@code null} for DriverManager. */
  public String pool() {
    return source.name();
  }

  /** The database URL, password removed, or {@code null} when unknown. */
  public String database() {
    String db = database;
    return db != null ? db : source.database();
  }

  void database(String url) {
    if (url != null) {
      database = url;
    }
  }

  /** The thread that acquired the connection (it may have ended since). */
  public Thread thread() {
    return thread;
  }

  /** The acquiring thread's name at acquire time. */
  public String threadName() {
    return threadName;
  }

  /** {@link System#nanoTime()} at acquire. */
  public long acquiredNanos() {
    return acquiredNanos;
  }

  /** Wall-clock time of the acquire (epoch milliseconds). */
  public long acquiredAtMillis() {
    return acquiredAtMillis;
  }

  /**
   * Where the connection was acquired, expanded from the captured trace on first use (expanding is
   * the expensive part of a stack capture, so leases that are closed in time never pay it).
   */
  public CallSite site() {
    CallSite s = site;
    if (s == null) {
      s = siteTrace == null ? CallSite.UNKNOWN
          : CallSite.of(StackFrames.applicationFirst(siteTrace.getStackTrace(), siteDepth));
      site = s;
    }
    return s;
  }

  /** Whether the application closed the connection. */
  public boolean isClosed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }

  /** Whether the lease was reported as a suspected leak. */
  public boolean isSuspected() {
    return suspected;
  }

  /** Marks the lease as reported; {@code token} is what the detector needs when it is returned. */
  public void suspect(Object token) {
    suspicion = token;
    suspected = true;
  }

  /** What the detector attached when it suspected the lease, or {@code null}. */
  public Object suspicion() {
    return suspicion;
  }
}
