package io.connlens.agent.pool.dbcp2;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.connlens.agent.instrumentation.InstrumentationModule;
import io.connlens.agent.instrumentation.PoolAdvice;
import io.connlens.agent.instrumentation.TypeInstrumentation;
import java.util.List;

/**
 * DBCP2 and Tomcat's DBCP: {@code PoolableConnectionFactory.makeObject} opens the pool's physical
 * connections (inside a borrow, or on the evictor thread filling {@code minIdle});
 * {@code invalidateConnection(Connection)} on {@code BasicDataSource} and {@code PoolingDriver} ends a
 * lease for the application; {@code BasicDataSource.close()} shuts the pool down.
 */
public final class Dbcp2Module implements InstrumentationModule {
  /** Apache Commons DBCP 2. */
  public static final Dbcp2Module COMMONS = new Dbcp2Module(Dbcp2Support.COMMONS);
  /** Tomcat's DBCP 2. */
  public static final Dbcp2Module TOMCAT = new Dbcp2Module(Dbcp2Support.TOMCAT);

  private final Dbcp2Support support;

  private Dbcp2Module(Dbcp2Support support) {
    this.support = support;
  }

  @Override
  public String name() {
    return support.kind();
  }

  @Override
  public String description() {
    return support == Dbcp2Support.COMMONS
        ? "Apache Commons DBCP 2: its physical connections, invalidateConnection and shutdown."
        : "Tomcat's DBCP 2 (org.apache.tomcat.dbcp.dbcp2, Tomcat's default JNDI pool): as dbcp2.";
  }

  @Override
  public List<TypeInstrumentation> types() {
    String p = support.dbcpPackage();
    return List.of(
        TypeInstrumentation.named(p + "PoolableConnectionFactory")
            .advise(named("makeObject").and(takesArguments(0)), PoolAdvice.CreatingConnection.class),
        TypeInstrumentation.named(p + "BasicDataSource")
            .advise(named("invalidateConnection").and(takesArguments(1))
                .and(takesArgument(0, named("java.sql.Connection"))), PoolAdvice.EndsLease.class)
            .advise(named("close").and(takesArguments(0)), PoolAdvice.Shutdown.class),
        TypeInstrumentation.named(p + "PoolingDriver")
            .advise(named("invalidateConnection").and(takesArguments(1))
                .and(takesArgument(0, named("java.sql.Connection"))), PoolAdvice.EndsLease.class));
  }
}
