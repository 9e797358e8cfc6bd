package io.connlens.agent.pool.tomcatjdbc;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.connlens.agent.instrumentation.InstrumentationModule;
import io.connlens.agent.instrumentation.PoolAdvice;
import io.connlens.agent.instrumentation.TypeInstrumentation;
import java.util.List;

/**
 * Tomcat JDBC: {@code DataSourceProxy.getConnection(..)} is the borrow (the class declares it but does
 * not implement {@code javax.sql.DataSource}; its subclass {@code DataSource} does, without overriding
 * it, so the generic hook never sees it); {@code PooledConnection.connect()} opens a physical
 * connection; {@code DataSourceProxy.close(boolean)} shuts the pool down. The return is
 * {@code close()} on the JDK proxy the application holds, which the generic hook sees.
 */
public final class TomcatJdbcModule implements InstrumentationModule {

  @Override
  public String name() {
    return "tomcat-jdbc";
  }

  @Override
  public String description() {
    return "The Tomcat JDBC pool (tomcat-jdbc.jar): its borrows, physical connections and shutdown.";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return List.of(
        TypeInstrumentation.named(TomcatJdbcSupport.PACKAGE + "DataSourceProxy")
            .advise(named("getConnection").and(takesArguments(0).or(takesArguments(String.class, String.class))),
                PoolAdvice.Borrow.class)
            .advise(named("close").and(takesArguments(boolean.class)), PoolAdvice.Shutdown.class),
        TypeInstrumentation.named(TomcatJdbcSupport.PACKAGE + "PooledConnection")
            .advise(named("connect").and(takesArguments(0)), PoolAdvice.CreatingConnection.class));
  }
}
