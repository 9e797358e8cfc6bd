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
    // made here, not held in constants: this class is loaded with the configuration (its name and
    // description), long before the first JDBC class, and Byte Buddy must not load until then
    ElementMatcher.Junction<MethodDescription> concrete = not(isAbstract());
    ElementMatcher.Junction<MethodDescription> executeMethods =
        named("execute").or(named("executeQuery")).or(named("executeUpdate")).or(named("executeLargeUpdate"));
    ElementMatcher.Junction<MethodDescription> returnsStatement = returns(hasSuperType(named("java.sql.Statement")));
    return List.of(
        TypeInstrumentation.named("java.sql.DriverManager")
            .advise(named("getConnection").and(isPublic()).and(isStatic()).and(takesArgument(0, String.class)),
                JdbcAdvice.DriverManagerGetConnection.class),
        TypeInstrumentation.implementing("javax.sql.DataSource")
            .advise(named("getConnection").and(isPublic()).and(concrete).and(returns(named("java.sql.Connection")))
                    .and(takesArguments(0).or(takesArguments(String.class, String.class))),
                JdbcAdvice.DataSourceGetConnection.class),
        TypeInstrumentation.implementing("java.sql.Driver")
            .advise(named("connect").and(concrete).and(takesArguments(String.class, java.util.Properties.class)),
                JdbcAdvice.DriverConnect.class),
        TypeInstrumentation.implementing("java.sql.Connection")
            .advise(concrete.and(named("close").and(takesArguments(0))
                    .or(named("abort").and(takesArguments(1)).and(takesArgument(0, named("java.util.concurrent.Executor"))))),
                JdbcAdvice.ConnectionClose.class)
            .advise(concrete.and(named("close").and(takesArguments(0))), JdbcAdvice.ConnectionClosing.class)
            .adviseStatements(concrete.and(named("createStatement")).and(returnsStatement),
                JdbcAdvice.ConnectionCreateStatement.class)
            .adviseStatements(concrete.and(named("prepareStatement").or(named("prepareCall")))
                    .and(takesArgument(0, String.class)).and(returnsStatement),
                JdbcAdvice.ConnectionPrepareStatement.class)
            .adviseStatements(concrete.and(named("setAutoCommit")).and(takesArguments(boolean.class)),
                JdbcAdvice.ConnectionSetAutoCommit.class)
            .adviseStatements(concrete.and(named("commit")).and(takesArguments(0)), JdbcAdvice.ConnectionCommit.class)
            .adviseStatements(concrete.and(named("rollback")).and(takesArguments(0)),
                JdbcAdvice.ConnectionRollback.class),
        TypeInstrumentation.implementing("java.sql.Statement")
            .adviseStatements(concrete.and(executeMethods).and(takesArgument(0, String.class)),
                JdbcAdvice.StatementExecuteSql.class)
            .adviseStatements(concrete.and(executeMethods).and(takesArguments(0)),
                JdbcAdvice.PreparedStatementExecute.class)
            .adviseStatements(concrete.and(named("executeBatch").or(named("executeLargeBatch"))).and(takesArguments(0)),
                JdbcAdvice.StatementExecuteBatch.class)
            .adviseStatements(concrete.and(named("close")).and(takesArguments(0)), JdbcAdvice.StatementClose.class));
  }
}
