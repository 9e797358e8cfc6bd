package io.connlens.agent.instrumentation;

import io.connlens.bootstrap.ConnlensHooks;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one class file transformer connlens registers for its instrumentation, which puts Byte Buddy off
 * until the application loads its first JDBC class. Until then it looks at each class file loaded
 * for a JDBC type connlens instruments, by name ({@code java.sql.Connection}, {@code javax.sql.DataSource}
 * and the like) among the names its constant pool holds, and transforms nothing; a JVM that never opens
 * a connection (a build tool, a CLI started with the agent in {@code JAVA_TOOL_OPTIONS}, a forked test
 * JVM that uses no database) never loads Byte Buddy's thousand classes. The first class that names
 * one, the driver, the pool or the application's DAO, builds the instrumentation on the thread that
 * loads it, is itself transformed by it, and from then on every class loaded or retransformed goes
 * through the same transformer. This transformer stays the only one registered, so no class can slip
 * between it and Byte Buddy's or go through both.
 *
 * <p>A class that names no JDBC type but is instrumented all the same and was loaded before the first
 * JDBC class is retransformed once the instrumentation is built: the class loaders (which get boot
 * delegation) before the first JDBC class itself is transformed, so that a loader that would not find
 * the hooks finds them for it; others (a subclass of a driver's class with no JDBC type in its own
 * signatures) just after, off the loading thread. Whatever fails to build is reported once and the
 * application runs uninstrumented.
 */
public final class JdbcClassTrigger implements ClassFileTransformer {
  /** The packages of the JDBC types looked for, as they appear in a class file. */
  private static final byte[] JAVA_SQL = "java/sql/".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] JAVAX_SQL = "javax/sql/".getBytes(StandardCharsets.US_ASCII);
  /**
   * The types whose mention starts the instrumentation: those connlens instruments the implementors of
   * and {@code DriverManager}. Not {@code java.sql.Timestamp} and the like, which JSON and logging
   * libraries name without ever opening a connection.
   */
  private static final Set<String> TRIGGERS = Set.of("java/sql/Driver", "java/sql/DriverManager", "java/sql/Connection",
      "java/sql/Statement", "java/sql/PreparedStatement", "java/sql/CallableStatement", "javax/sql/DataSource",
      "javax/sql/ConnectionPoolDataSource", "javax/sql/XADataSource", "javax/sql/PooledConnection",
      "javax/sql/XAConnection");
  /** connlens's own classes name JDBC types; they never start anything. */
  private static final String OWN_PACKAGE = "io/connlens/";
  /** The most a class loaded on another thread waits for the instrumentation being built. */
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final Supplier<ClassFileTransformer> build;
  private final Runnable prepare;
  private final Runnable started;
  private final Consumer<Throwable> failed;
  private final Object lock = new Object();
  /** The instrumentation once built, while it is prepared: retransformations go to it. */
  private volatile ClassFileTransformer built;
  /** The instrumentation once prepared: every class goes to it. */
  private volatile ClassFileTransformer instrumentation;
  /** The thread building it, while it does (guarded by lock). */
  private Thread building;
  /** Whether building failed (guarded by lock): nothing is tried again. */
  private boolean gaveUp;

  /**
   * @param build builds the instrumentation's transformer (Byte Buddy's), not registered
   * @param prepare run once it is built, before any class loading is handed to it, on the thread that
   *     loads the first JDBC class, inside that class's loading: gives the class loaders already loaded
   *     boot delegation (retransformations go through the built transformer meanwhile)
   * @param started run once every class goes to it, on the same thread: must only hand work on
   * @param failed told once if building failed
   */
  JdbcClassTrigger(Supplier<ClassFileTransformer> build, Runnable prepare, Runnable started, Consumer<Throwable> failed) {
    this.build = build;
    this.prepare = prepare;
    this.started = started;
    this.failed = failed;
  }

  /**
   * Registers a trigger (able to retransform) on {@code inst}; with {@code now} (an attach, whose JDBC
   * classes are already loaded) builds the instrumentation at once, on this thread. The callbacks are
   * those of the constructor.
   */
  public static JdbcClassTrigger install(Instrumentation inst, Supplier<ClassFileTransformer> build, Runnable prepare,
      Runnable started, Consumer<Throwable> failed, boolean now) {
    JdbcClassTrigger trigger = new JdbcClassTrigger(build, prepare, started, failed);
    inst.addTransformer(trigger, true);
    if (now) {
      trigger.start();
    }
    return trigger;
  }

  /** Whether the instrumentation is built. */
  public boolean started() {
    return instrumentation != null;
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
    ClassFileTransformer to = instrumentation;
    if (to == null) {
      if (classBeingRedefined != null) {
        to = built; // the class loaders' retransformation while the instrumentation is prepared
      } else if (className != null && !className.startsWith(OWN_PACKAGE) && namesJdbcType(className, classfileBuffer)) {
        to = start();
      }
      if (to == null) {
        return null; // retransformed once the instrumentation is built, if it needs instrumenting at all
      }
    }
    return to.transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
  }

  /**
   * Builds the instrumentation, or waits for the thread that builds it; {@code null} when this thread is
   * that one (its own class loads while it builds), when building failed, or after waiting too long.
   */
  ClassFileTransformer start() {
    synchronized (lock) {
      long deadline = System.nanoTime() + WAIT_NANOS;
      while (instrumentation == null && !gaveUp && building != null) {
        long left = deadline - System.nanoTime();
        if (building == Thread.currentThread() || left <= 0) {
          return null;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null; // the class loads uninstrumented; the interrupt is the application's to see
        }
      }
      if (instrumentation != null || gaveUp) {
        return instrumentation;
      }
      building = Thread.currentThread();
    }
    ClassFileTransformer made = null;
    Throwable failure = null;
    try {
      made = build.get();
    } catch (Throwable t) {
      failure = t;
    }
    if (made != null) {
      built = made;
      runCounted(prepare); // whatever it left undone, the classes waiting must not wait for it
    }
    synchronized (lock) {
      instrumentation = made;
      gaveUp = made == null;
      building = null;
      lock.notifyAll();
    }
    if (made != null) {
      runCounted(started);
    } else {
      failed.accept(failure != null ? failure : new IllegalStateException("no instrumentation was built"));
    }
    return made;
  }

  /** Runs {@code task} on this thread, a class's loading: what it throws is counted, never passed on. */
  private static void runCounted(Runnable task) {
    try {
      task.run();
    } catch (Throwable t) {
      ConnlensHooks.suppressed(t);
    }
  }

  /**
   * Whether a class named {@code internalName} is, or its class file names, one of the JDBC types that
   * start the instrumentation. Its constant pool holds the name of every type it extends, implements,
   * calls or takes, as {@code java/sql/Connection} or inside a descriptor as {@code Ljava/sql/Connection;}.
   */
  static boolean namesJdbcType(String internalName, byte[] classFile) {
    if (TRIGGERS.contains(internalName)) {
      return true;
    }
    if (internalName.startsWith("java/") || internalName.startsWith("javax/")) {
      return false; // the JDK's own classes that name them (java.sql itself) open nothing
    }
    int last = classFile.length - JAVA_SQL.length;
    for (int i = 0; i < last; i++) {
      if (classFile[i] != 'j' || classFile[i + 1] != 'a' || classFile[i + 2] != 'v' || classFile[i + 3] != 'a') {
        continue;
      }
      int nameEnd = -1;
      if (regionMatches(classFile, i, JAVA_SQL)) {
        nameEnd = identifierEnd(classFile, i + JAVA_SQL.length);
      } else if (regionMatches(classFile, i, JAVAX_SQL)) {
        nameEnd = identifierEnd(classFile, i + JAVAX_SQL.length);
      }
      if (nameEnd > 0 && TRIGGERS.contains(new String(classFile, i, nameEnd - i, StandardCharsets.US_ASCII))) {
        return true;
      }
    }
    return false;
  }

  private static boolean regionMatches(byte[] bytes, int at, byte[] prefix) {
    if (at + prefix.length > bytes.length) {
      return false;
    }
    for (int k = 0; k < prefix.length; k++) {
      if (bytes[at + k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  /** Where the simple class name starting at {@code from} ends (the first byte that is no part of it). */
  private static int identifierEnd(byte[] bytes, int from) {
    int i = from;
    while (i < bytes.length && (Character.isLetterOrDigit(bytes[i]) || bytes[i] == '_' || bytes[i] == '$')) {
      i++;
    }
    return i;
  }
}
