package io.connlens.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * JDBC itself: {@code DriverManager.getConnection}, every {@code Driver.connect}, every
 * {@code DataSource.getConnection}, and on every {@code Connection} and {@code Statement} the calls
 * that end a connection, run a statement or end a transaction ({@link JdbcAdvice}). Every pool and
 * wrapper is covered by these alone; a pool module only adds what tells the pool's own work apart.
 */
public final class JdbcModule implements InstrumentationModule {
  private static final ElementMatcher.Junction<MethodDescription> CONCRETE = not(isAbstract());
  private static final ElementMatcher.Junction<MethodDescription> EXECUTE_METHODS =
      named("execute").or(named("executeQuery")).or(named("executeUpdate")).or(named("executeLargeUpdate"));
  private static final ElementMatcher.Junction<MethodDescription> RETURNS_STATEMENT =
      returns(hasSuperType(named("java.sql.Statement")));

  @Override
  public String name() {
    return "jdbc";
  }

  @Override
  public String description() {
    return "DriverManager, Driver, DataSource, Connection and Statement: every lease and physical connection,"
        + " and the statements and transactions on them. Without it connlens sees nothing.";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return List.of(
        TypeInstrumentation.named("java.sql.DriverManager")
            .advise(named("getConnection").and(isPublic()).and(isStatic()).and(takesArgument(0, String.class)),
                JdbcAdvice.DriverManagerGetConnection.class),
        TypeInstrumentation.implementing("javax.sql.DataSource")
            .advise(named("getConnection").and(isPublic()).and(CONCRETE).and(returns(named("java.sql.Connection")))
                    .and(takesArguments(0).or(takesArguments(String.class, String.class))),
                JdbcAdvice.DataSourceGetConnection.class),
        TypeInstrumentation.implementing("java.sql.Driver")
            .advise(named("connect").and(CONCRETE).and(takesArguments(String.class, java.util.Properties.class)),
                JdbcAdvice.DriverConnect.class),
        TypeInstrumentation.implementing("java.sql.Connection")
            .advise(CONCRETE.and(named("close").and(takesArguments(0))
                    .or(named("abort").and(takesArguments(1)).and(takesArgument(0, named("java.util.concurrent.Executor"))))),
                JdbcAdvice.ConnectionClose.class)
            .advise(CONCRETE.and(named("close").and(takesArguments(0))), JdbcAdvice.ConnectionClosing.class)
            .adviseStatements(CONCRETE.and(named("createStatement")).and(RETURNS_STATEMENT),
                JdbcAdvice.ConnectionCreateStatement.class)
            .adviseStatements(CONCRETE.and(named("prepareStatement").or(named("prepareCall")))
                    .and(takesArgument(0, String.class)).and(RETURNS_STATEMENT),
                JdbcAdvice.ConnectionPrepareStatement.class)
            .adviseStatements(CONCRETE.and(named("setAutoCommit")).and(takesArguments(boolean.class)),
                JdbcAdvice.ConnectionSetAutoCommit.class)
            .adviseStatements(CONCRETE.and(named("commit")).and(takesArguments(0)), JdbcAdvice.ConnectionCommit.class)
            .adviseStatements(CONCRETE.and(named("rollback")).and(takesArguments(0)),
                JdbcAdvice.ConnectionRollback.class),
        TypeInstrumentation.implementing("java.sql.Statement")
            .adviseStatements(CONCRETE.and(EXECUTE_METHODS).and(takesArgument(0, String.class)),
                JdbcAdvice.StatementExecuteSql.class)
            .adviseStatements(CONCRETE.and(EXECUTE_METHODS).and(takesArguments(0)),
                JdbcAdvice.PreparedStatementExecute.class)
            .adviseStatements(CONCRETE.and(named("executeBatch").or(named("executeLargeBatch"))).and(takesArguments(0)),
                JdbcAdvice.StatementExecuteBatch.class)
            .adviseStatements(CONCRETE.and(named("close")).and(takesArguments(0)), JdbcAdvice.StatementClose.class));
  }
}
