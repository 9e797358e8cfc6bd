package io.connlens.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootDelegationTest {
  private final List<String> reported = new ArrayList<>();
  private final BootDelegation.HooksVisibility visibility = new BootDelegation.HooksVisibility(reported::add);

  @Test
  void aLoaderThatFindsTheHooksInstrumentsItsClassesAndIsNotReported() {
    // given the loader of these tests, which finds the hooks (here on the class path, in production in the boot loader)
    ClassLoader delegating = BootDelegationTest.class.getClassLoader();
    // then
    assertThat(visibility.test(delegating, "org.h2.jdbc.JdbcConnection")).isTrue();
    assertThat(visibility.test(null, "java.sql.DriverManager")).isTrue();
    assertThat(reported).isEmpty();
  }

  @Test
  void aLoaderThatCannotFindTheHooksIsLeftAloneAndReportedOnce() throws Exception {
    // given a loader that delegates to nothing connlens can be found in
    try (URLClassLoader isolated = new URLClassLoader(new URL[0], null)) {
      // once the loaders loaded before the instrumentation have had boot delegation
      visibility.settle();
      // when two of its JDBC classes are about to be instrumented
      boolean first = visibility.test(isolated, "org.h2.jdbc.JdbcConnection");
      boolean second = visibility.test(isolated, "org.h2.jdbc.JdbcStatement");
      // then neither is, and the loader is reported once, naming the first class and why
      assertThat(first).isFalse();
      assertThat(second).isFalse();
      assertThat(reported).singleElement().asString()
          .startsWith("org.h2.jdbc.JdbcConnection: not instrumented, nor any other JDBC class of its class loader"
              + " java.net.URLClassLoader@")
          .contains("does not find io.connlens.bootstrap.ConnlensHooks");
    }
  }

  @Test
  void beforeTheLoadersHadBootDelegationALoaderThatCannotFindTheHooksIsNeitherReportedNorAnsweredForGood()
      throws Exception {
    try (URLClassLoader isolated = new URLClassLoader(new URL[0], null)) {
      // while the loaders loaded before the first JDBC class have not been retransformed yet
      assertThat(visibility.test(isolated, "org.h2.jdbc.JdbcConnection")).isFalse();
      assertThat(reported).isEmpty();
      // after, the same loader is asked again, and reported then, naming the class asked for then
      visibility.settle();
      assertThat(visibility.test(isolated, "org.h2.jdbc.JdbcStatement")).isFalse();
      assertThat(reported).singleElement().asString().startsWith("org.h2.jdbc.JdbcStatement: not instrumented");
    }
  }
}
