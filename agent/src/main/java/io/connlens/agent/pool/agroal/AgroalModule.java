package io.connlens.agent.pool.agroal;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.connlens.agent.instrumentation.InstrumentationModule;
import io.connlens.agent.instrumentation.PoolAdvice;
import io.connlens.agent.instrumentation.TypeInstrumentation;
import java.util.List;

/**
 * Agroal: {@code ConnectionFactory.createConnection()} opens the pool's physical connections (on its
 * housekeeping thread or inside a borrow); {@code io.agroal.pool.DataSource.close()} shuts it down.
 */
public final class AgroalModule implements InstrumentationModule {

  @Override
  public String name() {
    return "agroal";
  }

  @Override
  public String description() {
    return "The Agroal pool: its physical connections and shutdown.";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return List.of(
        TypeInstrumentation.named("io.agroal.pool.ConnectionFactory")
            .advise(named("createConnection").and(takesArguments(0)), PoolAdvice.CreatingConnection.class),
        TypeInstrumentation.named("io.agroal.pool.DataSource")
            .advise(named("close").and(takesArguments(0)), PoolAdvice.Shutdown.class));
  }
}
