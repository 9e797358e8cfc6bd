package io.connlens.agent.pool.hikari;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.connlens.agent.instrumentation.InstrumentationModule;
import io.connlens.agent.instrumentation.PoolAdvice;
import io.connlens.agent.instrumentation.TypeInstrumentation;
import java.util.List;

/**
 * HikariCP: {@code PoolBase.newConnection} opens the pool's physical connections (on its adder
 * threads, or inside a borrow), {@code HikariDataSource.evictConnection(Connection)} ends a lease
 * for the application, {@code close()} shuts the pool down. Borrow and return are plain
 * {@code DataSource.getConnection} and {@code Connection.close}.
 */
public final class HikariModule implements InstrumentationModule {

  @Override
  public String name() {
    return "hikaricp";
  }

  @Override
  public String description() {
    return "HikariCP 3 to 7: the pool's physical connections, evictConnection and shutdown.";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return List.of(
        TypeInstrumentation.named("com.zaxxer.hikari.pool.PoolBase")
            .advise(named("newConnection"), PoolAdvice.CreatingConnection.class),
        TypeInstrumentation.named("com.zaxxer.hikari.HikariDataSource")
            .advise(named("evictConnection").and(takesArguments(1)).and(takesArgument(0, named("java.sql.Connection"))),
                PoolAdvice.EndsLease.class)
            .advise(named("close").and(takesArguments(0)), PoolAdvice.Shutdown.class));
  }
}
