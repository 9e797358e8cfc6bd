package io.connlens.agent.export.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.connlens.agent.report.Sink;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class BridgeLoaderTest {
  private static final String PROBE_PACKAGE = "io.connlens.agent.export.bridge.probe.";
  private static final String PROBE = PROBE_PACKAGE + "Slf4jProbe";

  /** A loader holding only SLF4J, as an application's (or a web application's) loader would. */
  private static URLClassLoader applicationWithSlf4j() {
    URL slf4j = LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation();
    return new URLClassLoader(new URL[] {slf4j}, ClassLoader.getPlatformClassLoader());
  }

  @Test
  void theBridgeLinksToTheApplicationsLibraryAndImplementsTheAgentsTypes() throws Exception {
    try (URLClassLoader application = applicationWithSlf4j()) {
      BridgeLoader loader = new BridgeLoader(PROBE_PACKAGE, application, null);
      Class<?> probe = loader.bridgeClass(PROBE);
      assertThat(probe.getClassLoader()).isSameAs(loader);
      // the agent's own Sink, not a second copy: the agent can hold the bridge as one
      assertThat(Sink.class.isAssignableFrom(probe)).isTrue();
      Object instance = probe.getConstructor().newInstance();
      ClassLoader slf4j = (ClassLoader) probe.getMethod("slf4jLoader").invoke(instance);
      assertThat(slf4j).isSameAs(application).isNotSameAs(LoggerFactory.class.getClassLoader());
    }
  }

  @Test
  void theAgentsOwnCopyOfABridgeClassIsNotTheBridgesOne() throws Exception {
    try (URLClassLoader application = applicationWithSlf4j()) {
      Class<?> bridged = new BridgeLoader(PROBE_PACKAGE, application, null).bridgeClass(PROBE);
      assertThat(bridged).isNotSameAs(Class.forName(PROBE));
    }
  }

  @Test
  void onlyClassesOfTheBridgesPackageAreBridgeClasses() {
    BridgeLoader loader = new BridgeLoader(PROBE_PACKAGE, ClassLoader.getSystemClassLoader(), null);
    assertThatThrownBy(() -> loader.bridgeClass("io.connlens.agent.report.Sink"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(PROBE_PACKAGE);
  }

  @Test
  void aLibraryTheLoaderCannotSeeFailsToLinkAndSaysWhich() {
    BridgeLoader loader = new BridgeLoader(PROBE_PACKAGE, null, null); // boot + platform: no SLF4J
    assertThatThrownBy(() -> {
      Object probe = loader.bridgeClass(PROBE).getConstructor().newInstance();
      probe.getClass().getMethod("slf4jLoader").invoke(probe);
    }).hasStackTraceContaining("org/slf4j/LoggerFactory");
  }

  @Test
  void prefixingRenamesOnlyTheNamedPackages() {
    var remapper = BridgeLoader.prefixing("io/opentelemetry/javaagent/shaded/", "io/opentelemetry/api/",
        "io/opentelemetry/context/");
    assertThat(remapper.map("io/opentelemetry/api/trace/Span"))
        .isEqualTo("io/opentelemetry/javaagent/shaded/io/opentelemetry/api/trace/Span");
    assertThat(remapper.map("io/opentelemetry/context/Context"))
        .isEqualTo("io/opentelemetry/javaagent/shaded/io/opentelemetry/context/Context");
    assertThat(remapper.map("io/opentelemetry/sdk/OpenTelemetrySdk")).isEqualTo("io/opentelemetry/sdk/OpenTelemetrySdk");
    assertThat(remapper.map("java/lang/String")).isEqualTo("java/lang/String");
  }
}
