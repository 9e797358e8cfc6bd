package io.connlens.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.connlens.bootstrap.ConnlensHooks;
import java.lang.instrument.Instrumentation;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the JDBC instrumentation with Byte Buddy: which types and methods get which
 * {@link JdbcAdvice}, and the boot delegation every class loader needs to reach the hooks
 * ({@link BootDelegation}). Uses retransformation without class-format changes, so it works the same
 * at start-up and when attached to a running JVM (no added fields or methods).
 */
public final class Instrumenter {
  private static final String BYTE_BUDDY_SAFE = "net.bytebuddy.safe";
  private static final String HIKARI_POOL_BASE = "com.zaxxer.hikari.pool.PoolBase";
  /** Hibernate's listeners that initialize a collection and load an entity (Hibernate 5 to 7). */
  static final String HIBERNATE_COLLECTION_LISTENER =
      "org.hibernate.event.internal.DefaultInitializeCollectionEventListener";
  static final String HIBERNATE_LOAD_LISTENER = "org.hibernate.event.internal.DefaultLoadEventListener";
  /** The most instrumentation errors kept for the report; the rest are only counted. */
  static final int MAX_ERRORS = 100;

  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final AtomicLong droppedErrors = new AtomicLong();

  /** One line per type the agent failed to instrument (at most {@value #MAX_ERRORS}), for the report. */
  public List<String> errors() {
    return errors;
  }

  /** Instrumentation errors beyond {@value #MAX_ERRORS}, counted but not kept. */
  public long droppedErrors() {
    return droppedErrors.get();
  }

  private void recordError(String error) {
    // a check-then-add race may keep one or two more: the bound is on memory, not an exact count
    if (errors.size() < MAX_ERRORS) {
      errors.add(error);
    } else {
      droppedErrors.incrementAndGet();
    }
  }

  /**
   * Instruments the JDBC classes loaded now and those loaded later.
   *
   * @param statements whether statements, batches and transactions are instrumented too
   */
  public void install(Instrumentation inst, boolean statements) throws NoSuchMethodException {
    Advice.ExceptionHandler countSuppressed = suppressedErrorCounter();
    ElementMatcher.Junction<MethodDescription> concrete = not(isAbstract());
    IgnoredTypes ignored = new IgnoredTypes();
    TypePoolCache typePool = new TypePoolCache();
    AgentBuilder.Transformer bootDelegation = advice(BootDelegation.LoadClassAdvice.class,
        Advice.ExceptionHandler.Default.SUPPRESSING, concrete.and(BootDelegation.loadClassMethods()));
    // only the class loaders and JDBC classes already loaded are candidates for retransformation: at
    // start there are none or a few, and Byte Buddy need not describe the JVM's thousand loaded classes
    Set<Class<?>> loadedLoaders = new HashSet<>();
    Set<Class<?>> loadedJdbc = new HashSet<>();
    collectLoaded(inst, ignored, loadedLoaders, loadedJdbc);
    if (!loadedLoaders.isEmpty()) {
      // Attached to a running JVM: the class loaders already loaded get boot delegation first, and on
      // their own, so that the hooks' visibility is only ever asked of loaders that already delegate.
      // This transformer is removed at once (the classes stay as transformed); the one below keeps
      // applying the same advice to any class loader retransformed or loaded later.
      builder(inst, loadedLoaders).with(typePool).ignore(ignored)
          .type(BootDelegation.classLoaders()).transform(bootDelegation)
          .installOn(inst)
          .reset(inst, AgentBuilder.RedefinitionStrategy.DISABLED);
    }
    BootDelegation.HooksVisibility hooks = new BootDelegation.HooksVisibility(this::recordError);
    AgentBuilder.Identified.Extendable connections = builder(inst, loadedJdbc)
        // start-up: a shared cache of parsed super types, and the JDK and frameworks ignored by name
        .with(typePool)
        .ignore(ignored)
        // first: a loader must find the hooks before its JDBC classes run. Its advice refers to no
        // connlens class, so its errors are dropped rather than counted.
        .type(BootDelegation.classLoaders())
        .transform(bootDelegation)
        .type(BootDelegation.visibleFrom(named("java.sql.DriverManager"), hooks))
        .transform(advice(JdbcAdvice.DriverManagerGetConnection.class, countSuppressed,
            named("getConnection").and(isPublic()).and(isStatic()).and(takesArgument(0, String.class))))
        .type(jdbcType("javax.sql.DataSource", hooks))
        .transform(advice(JdbcAdvice.DataSourceGetConnection.class, countSuppressed,
            named("getConnection").and(isPublic()).and(concrete).and(returns(named("java.sql.Connection")))
                .and(takesArguments(0).or(takesArguments(String.class, String.class)))))
        .type(jdbcType("java.sql.Driver", hooks))
        .transform(advice(JdbcAdvice.DriverConnect.class, countSuppressed,
            named("connect").and(concrete).and(takesArguments(String.class, java.util.Properties.class))))
        .type(BootDelegation.visibleFrom(named(HIKARI_POOL_BASE), hooks))
        .transform(advice(JdbcAdvice.HikariNewConnection.class, countSuppressed, named("newConnection")))
        // one transformation per type with several advice: a type gets only the first matching transformation
        .type(jdbcType("java.sql.Connection", hooks))
        .transform(advice(JdbcAdvice.ConnectionClose.class, countSuppressed,
            concrete.and(named("close").and(takesArguments(0))
                .or(named("abort").and(takesArguments(1)).and(takesArgument(0, named("java.util.concurrent.Executor")))))));
    if (!statements) {
      connections.installOn(inst);
      return;
    }
    ElementMatcher.Junction<MethodDescription> returnsStatement = returns(hasSuperType(named("java.sql.Statement")));
    connections
        .transform(advice(JdbcAdvice.ConnectionCreateStatement.class, countSuppressed,
            concrete.and(named("createStatement")).and(returnsStatement)))
        .transform(advice(JdbcAdvice.ConnectionPrepareStatement.class, countSuppressed,
            concrete.and(named("prepareStatement").or(named("prepareCall"))).and(takesArgument(0, String.class))
                .and(returnsStatement)))
        .transform(advice(JdbcAdvice.ConnectionSetAutoCommit.class, countSuppressed,
            concrete.and(named("setAutoCommit")).and(takesArguments(boolean.class))))
        .transform(advice(JdbcAdvice.ConnectionCommit.class, countSuppressed,
            concrete.and(named("commit")).and(takesArguments(0))))
        .transform(advice(JdbcAdvice.ConnectionRollback.class, countSuppressed,
            concrete.and(named("rollback")).and(takesArguments(0))))
        .type(jdbcType("java.sql.Statement", hooks))
        .transform(advice(JdbcAdvice.StatementExecuteSql.class, countSuppressed,
            concrete.and(EXECUTE_METHODS).and(takesArgument(0, String.class))))
        .transform(advice(JdbcAdvice.PreparedStatementExecute.class, countSuppressed,
            concrete.and(EXECUTE_METHODS).and(takesArguments(0))))
        .transform(advice(JdbcAdvice.StatementExecuteBatch.class, countSuppressed,
            concrete.and(named("executeBatch").or(named("executeLargeBatch"))).and(takesArguments(0))))
        // what Hibernate loads when it runs a statement: the association or entity an N+1 names
        .type(BootDelegation.visibleFrom(named(HIBERNATE_COLLECTION_LISTENER), hooks))
        .transform(advice(JdbcAdvice.HibernateInitializeCollection.class, countSuppressed,
            named("onInitializeCollection").and(takesArguments(1))))
        .type(BootDelegation.visibleFrom(named(HIBERNATE_LOAD_LISTENER), hooks))
        .transform(advice(JdbcAdvice.HibernateLoadEntity.class, countSuppressed,
            named("onLoad").and(takesArguments(2))))
        .installOn(inst);
  }

  /** Classes implementing {@code jdbcInterface} whose loader sees the hooks. */
  private static AgentBuilder.RawMatcher jdbcType(String jdbcInterface, BootDelegation.HooksVisibility hooks) {
    return BootDelegation.visibleFrom(not(isInterface()).and(hasSuperType(named(jdbcInterface))), hooks);
  }

  /**
   * Instruments {@code Runtime.exit(int)} so the exit status the application asks for is known at
   * exit. Separate from {@link #install}, so that it can run off the start-up path: transforming a
   * class already loaded pulls in Byte Buddy's class-writing machinery, which a JVM that never
   * touches JDBC would otherwise not load at all during its start.
   */
  public void installExitStatusHook(Instrumentation inst) throws NoSuchMethodException {
    builder(inst, Set.of(Runtime.class))
        .ignore(not(named("java.lang.Runtime")))
        .type(named("java.lang.Runtime"))
        .transform(advice(JdbcAdvice.RuntimeExit.class, suppressedErrorCounter(), named("exit").and(takesArguments(int.class))))
        .installOn(inst);
  }

  /**
   * What both installations share: retransformation without class-format changes (so attaching to a
   * running JVM works the same as starting with it), classes already loaded described by reflection,
   * no self-initialization (advice is inlined), failures recorded, and a read edge from instrumented
   * named modules (java.sql, java.base) to the bootstrap classes in the boot loader's unnamed module.
   *
   * @param loaded the classes already loaded that may need retransforming
   */
  private AgentBuilder builder(Instrumentation inst, Set<Class<?>> loaded) {
    // connlens injects no classes, so Byte Buddy needs no sun.misc.Unsafe (JDK 24+ warns of its use);
    // the property name is relocated with Byte Buddy, so this does not touch the application's copy
    if (System.getProperty(BYTE_BUDDY_SAFE) == null) {
      System.setProperty(BYTE_BUDDY_SAFE, "true");
    }
    return new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit(loaded))
        .with(AgentBuilder.DescriptionStrategy.Default.HYBRID)
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        .with(AgentBuilder.TypeStrategy.Default.REDEFINE_FROZEN)
        // class files are located through a weak reference to their loader: a description cached by
        // TypePoolCache must not keep a discarded loader (a redeployed web application) alive
        .with(AgentBuilder.LocationStrategy.ForClassLoader.WEAK)
        .with(new ErrorRecorder())
        .assureReadEdgeTo(inst, ConnlensHooks.class);
  }

  /**
   * Sorts the loaded classes that may need retransforming, modifiable and not ignored, in one pass:
   * class loaders (they need boot delegation before any JDBC class of theirs is loaded) into
   * {@code loaders}; JDBC implementations, DriverManager, HikariCP's PoolBase and Hibernate's load
   * listeners into {@code jdbc}.
   */
  private static void collectLoaded(Instrumentation inst, IgnoredTypes ignored, Set<Class<?>> loaders,
      Set<Class<?>> jdbc) {
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (c.isInterface() || c.isArray() || c.isPrimitive() || ignored.matches(c.getName())
          || !inst.isModifiableClass(c)) {
        continue;
      }
      if (ClassLoader.class.isAssignableFrom(c)) {
        loaders.add(c);
      } else if (java.sql.Driver.class.isAssignableFrom(c) || javax.sql.DataSource.class.isAssignableFrom(c)
          || java.sql.Connection.class.isAssignableFrom(c) || java.sql.Statement.class.isAssignableFrom(c)
          || c.getName().equals("java.sql.DriverManager") || c.getName().equals(HIKARI_POOL_BASE)
          || c.getName().equals(HIBERNATE_COLLECTION_LISTENER) || c.getName().equals(HIBERNATE_LOAD_LISTENER)) {
        jdbc.add(c);
      }
    }
  }

  private static Advice.ExceptionHandler suppressedErrorCounter() throws NoSuchMethodException {
    return new Advice.ExceptionHandler.Simple(MethodInvocation.invoke(
        new MethodDescription.ForLoadedMethod(ConnlensHooks.class.getMethod("suppressed", Throwable.class))));
  }

  private static final ElementMatcher.Junction<MethodDescription> EXECUTE_METHODS =
      named("execute").or(named("executeQuery")).or(named("executeUpdate")).or(named("executeLargeUpdate"));

  private static AgentBuilder.Transformer advice(Class<?> adviceClass, Advice.ExceptionHandler handler,
      ElementMatcher<? super MethodDescription> methods) {
    Advice advice = Advice.to(adviceClass).withExceptionHandler(handler);
    return (builder, type, loader, module, domain) -> builder.visit(advice.on(methods));
  }

  /** Records the types Byte Buddy could not transform. */
  private final class ErrorRecorder extends AgentBuilder.Listener.Adapter {
    @Override
    public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
      if (throwable instanceof TypePool.Resolution.NoSuchTypeException) {
        // a super type is missing from the class path: the JVM cannot load this class either (it will
        // throw NoClassDefFoundError to whoever asked, e.g. Spring probing for optional classes)
        return;
      }
      recordError(typeName + ": " + throwable);
    }

    @Override
    public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module,
        boolean loaded, DynamicType dynamicType) {
      // nothing: a successful transformation needs no record
    }
  }
}
