package io.connlens.agent.pool.vibur;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.connlens.agent.instrumentation.InstrumentationModule;
import io.connlens.agent.instrumentation.PoolAdvice;
import io.connlens.agent.instrumentation.TypeInstrumentation;
import java.util.List;

/**
 * Vibur DBCP: {@code ConnectionFactory.create(..)} opens the pool's physical connections (when the pool
 * starts, and on borrows that grow it), through the driver, {@code DriverManager} or an external data
 * source, which the generic hook would otherwise take for a lease; {@code ViburDBCPDataSource.close()}
 * shuts the pool down.
 */
public final class ViburModule implements InstrumentationModule {

  @Override
  public String name() {
    return "vibur";
  }

  @Override
  public String description() {
    return "The Vibur DBCP pool: its physical connections and shutdown.";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return List.of(
        TypeInstrumentation.named(ViburSupport.PACKAGE + "pool.ConnectionFactory")
            .advise(named("create"), PoolAdvice.CreatingConnection.class),
        TypeInstrumentation.named(ViburSupport.PACKAGE + "ViburDBCPDataSource")
            .advise(named("close").and(takesArguments(0)), PoolAdvice.Shutdown.class));
  }
}
