package io.connlens.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.application.ApplicationPackages;
import io.connlens.agent.modules.Modules;
import io.connlens.agent.testing.Frames;
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
    List<String> frames = Frames.STACK_FRAMES.site(trace).frames();
    // then the application's line is first and reflection noise is gone
    assertThat(frames).containsExactly("com.example.OrderService.export(OrderService.java:42)",
        "com.example.Main.main(Main.java:7)");
  }

  @Test
  void depthBoundsTheFramesKept() {
    StackTraceElement[] trace = {
      frame("com.example.A", "a", 1), frame("com.example.B", "b", 2), frame("com.example.C", "c", 3),
    };
    assertThat(new StackFrames(ApplicationPackages.NONE, 2).site(trace).frames()).hasSize(2);
  }

  @Test
  void withoutApplicationFramesEverythingButNoiseIsKept() {
    StackTraceElement[] trace = {
      frame("io.connlens.agent.X", "x", 1), frame("com.zaxxer.hikari.pool.HikariPool", "fill", 2),
      frame("java.lang.Thread", "run", 3),
    };
    CallSite site = Frames.STACK_FRAMES.site(trace);
    assertThat(site.frames()).containsExactly(
        "com.zaxxer.hikari.pool.HikariPool.fill(HikariPool.java:2)", "java.lang.Thread.run(Thread.java:3)");
    assertThat(site.hasApplicationFrame()).isFalse();
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
    assertThat(Frames.STACK_FRAMES.isJdbc("org.postgresql.jdbc.PgStatement")).isTrue();
    assertThat(Frames.STACK_FRAMES.isJdbc("com.zaxxer.hikari.pool.ProxyConnection")).isTrue();
    assertThat(Frames.STACK_FRAMES.isJdbc("java.sql.DriverManager")).isTrue();
    assertThat(Frames.STACK_FRAMES.isJdbc("org.springframework.jdbc.core.JdbcTemplate")).isFalse();
    assertThat(Frames.STACK_FRAMES.isJdbc("com.example.Repo")).isFalse();
  }

  private static StackFrames app(List<String> included, List<String> excluded) {
    return new StackFrames(new ApplicationPackages(included, excluded, "app.packages"), 16,
        Modules.pools().packagePrefixes());
  }

  /** A Spring MVC request, as the issue saw it: the application under org.springframework.samples. */
  private static final StackTraceElement[] SPRING_REQUEST = {
    frame("org.h2.jdbc.JdbcPreparedStatement", "executeQuery", 1),
    frame("com.zaxxer.hikari.pool.HikariProxyPreparedStatement", "executeQuery", 2),
    frame("org.hibernate.sql.results.jdbc.internal.DeferredResultSetAccess", "executeQuery", 3),
    frame("org.hibernate.event.internal.DefaultInitializeCollectionEventListener", "onInitializeCollection", 4),
    frame("org.hibernate.engine.internal.StatefulPersistenceContext", "initializeNonLazyCollections", 5),
    frame("org.springframework.data.jpa.repository.support.SimpleJpaRepository", "findAll", 6),
    frame("jdk.proxy2.$Proxy123", "findAll", -1),
    frame("org.springframework.samples.petclinic.vet.VetController", "showVetList", 44),
    frame("org.springframework.web.servlet.DispatcherServlet", "doDispatch", 7),
    frame("jakarta.servlet.http.HttpServlet", "service", 622),
    frame("org.springframework.orm.jpa.support.OpenEntityManagerInViewFilter", "doFilterInternal", 8),
    frame("org.apache.catalina.core.ApplicationFilterChain", "doFilter", 9),
    frame("org.apache.coyote.http11.Http11Processor", "service", 10),
    frame("org.apache.tomcat.util.threads.TaskThread$WrappingRunnable", "run", 11),
    frame("java.lang.Thread", "run", 12),
  };

  @Test
  void anApplicationUnderAFrameworksNamespaceIsTheApplicationByItsLongerPrefix() {
    // given the application's packages, inferred or set, under org.springframework.
    StackFrames rules = app(List.of("org.springframework.samples.petclinic"), List.of());
    // when
    CallSite site = rules.site(SPRING_REQUEST);
    // then frame 0 is the controller's line, not the servlet's, and the ORM above it is known
    assertThat(site.topFrame())
        .isEqualTo("org.springframework.samples.petclinic.vet.VetController.showVetList(VetController.java:44)");
    assertThat(site.hasApplicationFrame()).isTrue();
    assertThat(site.isThroughOrm()).isTrue();
    assertThat(site.isThroughInitializer()).isFalse();
  }

  @Test
  void webContainersServletsAndFiltersAreNeverTheApplication() {
    // given no application packages: the controller is Spring's by prefix
    CallSite site = Frames.STACK_FRAMES.site(SPRING_REQUEST);
    // then no frame of the web stack stands as the application's line
    assertThat(site.hasApplicationFrame()).isFalse();
    assertThat(site.frames()).first().asString().startsWith("org.h2.");
    for (String cls : List.of("jakarta.servlet.http.HttpServlet", "org.apache.catalina.core.StandardWrapperValve",
        "org.apache.coyote.AbstractProtocol", "org.eclipse.jetty.server.Server", "io.undertow.server.Connectors",
        "io.netty.channel.nio.NioEventLoop", "reactor.core.publisher.Mono", "org.thymeleaf.TemplateEngine",
        "com.fasterxml.jackson.databind.ObjectMapper", "org.springframework.web.servlet.DispatcherServlet",
        "org.aspectj.runtime.reflect.JoinPointImpl", "com.example.Shop$$SpringCGLIB$$0", "jdk.proxy3.$Proxy44",
        "org.junit.platform.launcher.core.DefaultLauncher")) {
      assertThat(Frames.STACK_FRAMES.isApplication(cls)).as(cls).isFalse();
    }
  }

  @Test
  void unknownCodeIsTheApplicationWithOrWithoutAppPackages() {
    assertThat(Frames.STACK_FRAMES.isApplication("com.example.inventory.StockService")).isTrue();
    assertThat(app(List.of("com.acme"), List.of()).isApplication("com.example.inventory.StockService")).isTrue();
  }

  @Test
  void excludeWinsInsideAnIncludedPackageAndTheLongerPrefixDecides() {
    StackFrames rules = app(List.of("com.acme", "com.acme.platform.plugins"), List.of("com.acme.platform"));
    assertThat(rules.isApplication("com.acme.shop.Cart")).isTrue();
    assertThat(rules.isApplication("com.acme.platform.Repository")).isFalse();
    assertThat(rules.isApplication("com.acme.platform.plugins.Export")).isTrue();
    // a package prefix is a whole segment: com.acme is not com.acmeco
    assertThat(app(List.of("org.hibernate.demo"), List.of()).isApplication("org.hibernate.demos.X")).isFalse();
    assertThat(app(List.of("org.hibernate.demo"), List.of()).isApplication("org.hibernate.demo.X")).isTrue();
  }

  @Test
  void theJdkAndTheAgentAreNeverTheApplicationWhateverAppPackagesSay() {
    StackFrames rules = app(List.of("java.util", "io.connlens.agent"), List.of());
    assertThat(rules.isApplication("java.util.ArrayList")).isFalse();
    assertThat(rules.isApplication("io.connlens.agent.registry.LeaseRegistry")).isFalse();
  }

  @Test
  void librarySuitesTestsInTheLibrarysPackageAreTheApplication() {
    assertThat(Frames.STACK_FRAMES.isApplication("com.zaxxer.hikari.pool.TestConnections")).isTrue();
    assertThat(Frames.STACK_FRAMES.isApplication("org.apache.commons.dbcp2.TestBasicDataSource$1")).isTrue();
    assertThat(Frames.STACK_FRAMES.isApplication("com.zaxxer.hikari.db.BasicPoolTest")).isTrue();
    assertThat(Frames.STACK_FRAMES.isApplication("org.postgresql.test.jdbc2.StatementTest")).isTrue();
    assertThat(Frames.STACK_FRAMES.isApplication("org.h2.test.db.TestCases")).isTrue();
    assertThat(Frames.STACK_FRAMES.isApplication("org.hibernate.orm.test.BatchFetchIT")).isTrue();
    // test doubles of drivers, and the library's own classes, are not
    assertThat(Frames.STACK_FRAMES.isApplication("org.apache.commons.dbcp2.TesterConnection")).isFalse();
    assertThat(Frames.STACK_FRAMES.isApplication("com.zaxxer.hikari.pool.HikariPool")).isFalse();
    assertThat(Frames.STACK_FRAMES.isApplication("org.junit.jupiter.engine.Testable")).isFalse();
  }

  @Test
  void aStatementRunByAnInitializerAboveTheMainMethodIsThroughTheInitializer() {
    // given Spring Boot running data.sql at start-up: the only application frame is main, below it all
    StackTraceElement[] trace = {
      frame("org.h2.jdbc.JdbcStatement", "execute", 1),
      frame("org.springframework.jdbc.datasource.init.ScriptUtils", "executeSqlScript", 2),
      frame("org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer", "runScripts", 3),
      frame("org.springframework.boot.SpringApplication", "run", 4),
      frame("org.springframework.samples.petclinic.PetClinicApplication", "main", 34),
    };
    CallSite site = app(List.of("org.springframework.samples.petclinic"), List.of()).site(trace);
    assertThat(site.topFrame()).startsWith("org.springframework.samples.petclinic.PetClinicApplication.main(");
    assertThat(site.isThroughInitializer()).isTrue();
    // and an initializer below the application's frame does not make the application's statement its own
    StackTraceElement[] own = {
      frame("org.h2.jdbc.JdbcStatement", "execute", 1), frame("com.example.Seed", "run", 10),
      frame("org.springframework.jdbc.datasource.init.ScriptUtils", "executeSqlScript", 2),
    };
    assertThat(Frames.STACK_FRAMES.site(own).isThroughInitializer()).isFalse();
  }

  @Test
  void jdbcTemplateAboveTheApplicationIsKnown() {
    StackTraceElement[] trace = {
      frame("org.postgresql.jdbc.PgPreparedStatement", "executeUpdate", 1),
      frame("org.springframework.jdbc.core.JdbcTemplate", "update", 2), frame("com.example.Import", "run", 3),
    };
    CallSite site = Frames.STACK_FRAMES.site(trace);
    assertThat(site.isThroughJdbcTemplate()).isTrue();
    assertThat(site.isThroughOrm()).isFalse();
  }
}
