package io.connlens.agent.pool.c3p0;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.connlens.agent.instrumentation.InstrumentationModule;
import io.connlens.agent.instrumentation.PoolAdvice;
import io.connlens.agent.instrumentation.TypeInstrumentation;
import java.util.List;

/**
 * c3p0: {@code WrapperConnectionPoolDataSource.getPooledConnection(..)} opens the pool's physical
 * connections, on c3p0's helper threads, through a {@code DriverManagerDataSource} that is itself a
 * {@code javax.sql.DataSource}: without this module those would be leases that never close.
 * {@code AbstractPoolBackedDataSource.close(..)} shuts the pool down.
 */
public final class C3p0Module implements InstrumentationModule {

  @Override
  public String name() {
    return "c3p0";
  }

  @Override
  public String description() {
    return "The c3p0 pool: its physical connections (opened on its helper threads) and shutdown.";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return List.of(
        TypeInstrumentation.named(C3p0Support.PACKAGE + "WrapperConnectionPoolDataSource")
            .advise(named("getPooledConnection"), PoolAdvice.CreatingConnection.class),
        TypeInstrumentation.named(C3p0Support.PACKAGE + "impl.AbstractPoolBackedDataSource")
            .advise(named("close").and(takesArguments(0).or(takesArguments(boolean.class))), PoolAdvice.Shutdown.class));
  }
}
