package io.connlens.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StackFramesTest {

  private static StackTraceElement frame(String cls, String method, int line) {
    String simple = cls.substring(cls.lastIndexOf('.') + 1);
    return new StackTraceElement(cls, method, simple + ".java", line);
  }

  @Test
  void applicationFrameComesFirst() {
    // given a capture taken inside the agent, under HikariCP, called from the application
    StackTraceElement[] trace = {
      frame("io.connlens.agent.registry.LeaseRegistry", "open", 10),
      frame("io.connlens.bootstrap.ConnlensHooks", "acquireExit", 20),
      frame("com.zaxxer.hikari.HikariDataSource", "getConnection", 30),
      frame("org.springframework.jdbc.datasource.DataSourceUtils", "doGetConnection", 40),
      frame("com.example.OrderService", "export", 42),
      frame("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke", 1),
      frame("com.example.Main", "main", 7),
    };
    // when
    List<String> frames = StackFrames.applicationFirst(trace, 16);
    // then the application's line is first and reflection noise is gone
    assertThat(frames).containsExactly("com.example.OrderService.export(OrderService.java:42)",
        "com.example.Main.main(Main.java:7)");
  }

  @Test
  void depthBoundsTheFramesKept() {
    StackTraceElement[] trace = {
      frame("com.example.A", "a", 1), frame("com.example.B", "b", 2), frame("com.example.C", "c", 3),
    };
    assertThat(StackFrames.applicationFirst(trace, 2)).hasSize(2);
  }

  @Test
  void withoutApplicationFramesEverythingButNoiseIsKept() {
    StackTraceElement[] trace = {
      frame("io.connlens.agent.X", "x", 1), frame("com.zaxxer.hikari.pool.HikariPool", "fill", 2),
      frame("java.lang.Thread", "run", 3),
    };
    assertThat(StackFrames.applicationFirst(trace, 16)).containsExactly(
        "com.zaxxer.hikari.pool.HikariPool.fill(HikariPool.java:2)", "java.lang.Thread.run(Thread.java:3)");
  }

  @Test
  void formatHasNoModulePrefixAndHandlesNativeAndUnknownSources() {
    assertThat(StackFrames.format(new StackTraceElement("app", null, null, "a.B", "m", "B.java", 5)))
        .isEqualTo("a.B.m(B.java:5)");
    assertThat(StackFrames.format(new StackTraceElement("a.B", "m", null, -2))).isEqualTo("a.B.m(Native Method)");
    assertThat(StackFrames.format(new StackTraceElement("a.B", "m", null, -1))).isEqualTo("a.B.m(Unknown Source)");
  }

  @Test
  void driversAndPoolsAreJdbcButDataAccessLayersAreNot() {
    assertThat(StackFrames.isJdbc("org.postgresql.jdbc.PgStatement")).isTrue();
    assertThat(StackFrames.isJdbc("com.zaxxer.hikari.pool.ProxyConnection")).isTrue();
    assertThat(StackFrames.isJdbc("java.sql.DriverManager")).isTrue();
    assertThat(StackFrames.isJdbc("org.springframework.jdbc.core.JdbcTemplate")).isFalse();
    assertThat(StackFrames.isJdbc("com.example.Repo")).isFalse();
  }
}
