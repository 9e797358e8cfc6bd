package io.connlens.agent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerRefusalTest {
  private static final String PG = "jdbc:postgresql://db:5432/shop";
  private static final String MARIADB = "jdbc:mariadb://db:3306/shop";

  @ParameterizedTest
  @ValueSource(strings = {
      "FATAL: sorry, too many clients already",
      "FATAL: remaining connection slots are reserved for non-replication superuser connections",
      "FATAL: remaining connection slots are reserved for roles with the SUPERUSER attribute",
      "FATAL: remaining connection slots are reserved for roles with privileges of the \"pg_use_reserved_connections\" role",
      "FATAL: too many connections for role \"app\"",
      "FATAL: too many connections for database \"shop\"",
      "FATAL: il y a déjà trop de clients"})
  void everyPostgresqlTextOfSqlState53300IsARefusalInTheServersWords(String message) {
    ServerRefusal refusal = ServerRefusal.of(new SQLException(message, "53300"), PG);
    assertThat(refusal).isNotNull();
    assertThat(refusal.code()).isEqualTo("SQLState 53300");
    assertThat(refusal.reason()).isEqualTo(message.substring("FATAL: ".length()));
  }

  @Test
  void otherInsufficientResourcesAndConnectionFailuresAreNot() {
    assertThat(ServerRefusal.of(new SQLException("out of memory", "53200"), PG)).isNull();
    assertThat(ServerRefusal.of(new SQLException("the database system is starting up", "57P03"), PG)).isNull();
    assertThat(ServerRefusal.of(new SQLException("Connection refused", "08001"), PG)).isNull();
    assertThat(ServerRefusal.of(new RuntimeException("too many clients already"), PG)).isNull();
    assertThat(ServerRefusal.of(null, PG)).isNull();
  }

  @Test
  void mysqlAndMariadbCodesCountOnlyFromSuchAConnection() {
    SQLException tooMany = new SQLNonTransientConnectionException("(conn=12) Too many connections", "08004", 1040);
    SQLException userTooMany = new SQLException("User app already has more than 'max_user_connections' active connections",
        "42000", 1203);
    SQLException accountLimit = new SQLException("(conn=7) User 'app' has exceeded the 'max_user_connections' resource"
        + " (current value: 2)", "42000", 1226);
    assertThat(ServerRefusal.of(tooMany, MARIADB).reason()).isEqualTo("Too many connections");
    assertThat(ServerRefusal.of(tooMany, MARIADB).code()).isEqualTo("error 1040");
    assertThat(ServerRefusal.of(userTooMany, "jdbc:mysql://db/shop").code()).isEqualTo("error 1203");
    assertThat(ServerRefusal.of(accountLimit, MARIADB).reason()).startsWith("User 'app' has exceeded");
    // SQL Server's 1203 is a lock error; 1226 for another account resource is no connection limit
    assertThat(ServerRefusal.of(userTooMany, "jdbc:sqlserver://db;databaseName=shop")).isNull();
    assertThat(ServerRefusal.of(new SQLException("User 'app' has exceeded the 'max_questions' resource", "42000", 1226),
        MARIADB)).isNull();
  }

  @Test
  void aPoolsTimeoutWithTheDriversRefusalAsCauseSpeaksInTheDriversWords() {
    // HikariCP copies the SQLState into its own timeout and puts the driver's error as the cause and next exception
    SQLException driver = new SQLException("FATAL: too many connections for role \"app\"", "53300");
    SQLTransientConnectionException timeout = new SQLTransientConnectionException(
        "orders - Connection is not available, request timed out after 1000ms.", "53300", driver);
    timeout.setNextException(driver);
    ServerRefusal refusal = ServerRefusal.of(timeout, PG);
    assertThat(refusal.reason()).isEqualTo("too many connections for role \"app\"");
  }

  @Test
  void aRefusalDeepInNextExceptionsAndWrappersIsFound() {
    SQLException first = new SQLException("batch failed");
    SQLException second = new SQLException("still failing");
    first.setNextException(second);
    second.setNextException(new SQLException("FATAL: sorry, too many clients already", "53300"));
    assertThat(ServerRefusal.of(new IllegalStateException("wrapped", first), PG)).isNotNull();
  }

  @Test
  void aNullMessageReadsAsNoSlotLeft() {
    assertThat(ServerRefusal.of(new SQLException(null, "53300"), PG).reason()).isEqualTo("no connection slot left");
  }
}
