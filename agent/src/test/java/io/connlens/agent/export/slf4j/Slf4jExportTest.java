package io.connlens.agent.export.slf4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.connlens.agent.export.slf4j.bridge.Slf4jFindingLog;
import io.connlens.agent.report.FindingLog;
import io.connlens.api.Severity;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

class Slf4jExportTest {

  /** A loader holding only SLF4J (no provider), as an application's would, with SLF4J untouched. */
  private static URLClassLoader applicationWithSlf4jOnly() {
    URL slf4j = LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation();
    return new URLClassLoader(new URL[] {slf4j}, ClassLoader.getPlatformClassLoader());
  }

  private static int initializationState(ClassLoader application) throws Exception {
    Field state = Class.forName("org.slf4j.LoggerFactory", true, application).getDeclaredField("INITIALIZATION_STATE");
    state.setAccessible(true);
    return state.getInt(null);
  }

  @Test
  void theBridgeIsDefinedBesideTheApplicationsSlf4j() throws Exception {
    try (URLClassLoader application = applicationWithSlf4jOnly()) {
      FindingLog log = Slf4jExport.link(application);

      assertThat(log.getClass().getName()).isEqualTo(Slf4jExport.FINDING_LOG);
      assertThat(log.getClass()).isNotSameAs(Slf4jFindingLog.class);
      assertThat(log.getClass().getClassLoader().getParent()).isSameAs(application);
    }
  }

  @Test
  void isNotReadyBeforeTheApplicationInitializesSlf4jAndLeavesItUninitialized() throws Exception {
    try (URLClassLoader application = applicationWithSlf4jOnly()) {
      // given SLF4J loaded by the application, never used
      FindingLog log = Slf4jExport.link(application);

      // when
      boolean ready = log.ready();

      // then connlens did not bind a provider for it: SLF4J is still UNINITIALIZED (0)
      assertThat(ready).isFalse();
      assertThat(initializationState(application)).isZero();
    }
  }

  @Test
  void isNeverReadyWhenSlf4jFellBackToItsNoOperationLogger() throws Exception {
    try (URLClassLoader application = applicationWithSlf4jOnly()) {
      // given an application that initialized SLF4J with no provider ("No SLF4J providers were found")
      FindingLog log = Slf4jExport.link(application);
      Class.forName("org.slf4j.LoggerFactory", true, application).getMethod("getLogger", String.class)
          .invoke(null, "app");

      // then the warnings stay on standard error, and writing anyway is harmless
      assertThat(initializationState(application)).isEqualTo(4); // NOP_FALLBACK_INITIALIZATION
      assertThat(log.ready()).isFalse();
      assertThatCode(() -> log.log("connlens.finding.LEAK_SUSPECTED", Severity.WARNING, "text"))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void slf4jsNoOperationFactoryIsNotARealOne() {
    assertThat(Slf4jFindingLog.isRealFactory(new NOPLoggerFactory())).isFalse();
    assertThat(Slf4jFindingLog.isRealFactory(null)).isFalse();
    assertThat(Slf4jFindingLog.isRealFactory(name -> new NOPLoggerFactory().getLogger(name))).isTrue();
  }
}
