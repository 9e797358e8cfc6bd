package io.connlens.agent.export.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.export.ExportContext;
import io.connlens.agent.export.bridge.BridgeLoader;
import io.connlens.agent.report.ReportSnapshot;
import io.connlens.agent.report.Sink;
import io.connlens.agent.runtime.Exports;
import io.connlens.bootstrap.ConnlensHooks;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the agent starts the Micrometer sink: by name, beside the Micrometer it found, and only then. */
class MicrometerExportTest {
  private static final String POOL = "HikariPool-1";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private static ReportSnapshot.Pool pool(int max, int active, int idle) {
    return new ReportSnapshot.Pool(POOL, "hikaricp", "jdbc:h2:mem:x", new ReportSnapshot.Counts(active, 0, active, 0),
        new ReportSnapshot.Counts(0, 0, 0, 0), max, active, idle, 0, ReportSnapshot.Sizing.NONE);
  }

  @Test
  void theExportAddsTheBridgedSinkOnTheGlobalRegistry() {
    // given an application registry added to the global one, as Spring Boot's actuator adds its own
    Metrics.globalRegistry.add(registry);
    try {
      List<Sink> added = new ArrayList<>();
      // when Micrometer is found in the test's loader
      MicrometerExport.start(new ExportContext(null, added::add), MicrometerExportTest.class.getClassLoader());
      // then one sink was added, of the bridge's loader, and its meters reach the application's registry
      assertThat(added).hasSize(1);
      assertThat(added.get(0).getClass().getClassLoader()).isInstanceOf(BridgeLoader.class);
      added.get(0).onPoolSnapshot(List.of(pool(5, 1, 4)), List.of());
      assertThat(registry.get("connlens.pool.usage").tag("pool", POOL).gauge().value()).isEqualTo(0.2);
      assertThat(registry.get("connlens.findings").tag("type", "N_PLUS_ONE").functionCounter().count()).isZero();
    } finally {
      Metrics.globalRegistry.remove(registry);
      Metrics.globalRegistry.clear();
    }
  }

  @Test
  void aLoaderWithoutMicrometerAddsNoSinkAndCountsTheFailure() {
    List<Sink> added = new ArrayList<>();
    long before = ConnlensHooks.suppressedErrors();
    // when the bridge is linked where there is no Micrometer (the platform loader)
    MicrometerExport.start(new ExportContext(null, added::add), ClassLoader.getPlatformClassLoader());
    // then no sink, one counted error, nothing thrown
    assertThat(added).isEmpty();
    assertThat(ConnlensHooks.suppressedErrors() - before).isEqualTo(1);
  }

  @Test
  void theAgentsClassesThatStartTheExportNameNoMicrometerType() throws IOException {
    // a JVM without Micrometer loads Exports and MicrometerExport: neither may link a Micrometer class,
    // which only the bridge, loaded once Micrometer is found, names
    for (Class<?> type : List.of(Exports.class, MicrometerExport.class)) {
      assertThat(classFileText(type)).as(type.getName()).doesNotContain("io/micrometer/");
    }
    // and the check can see a Micrometer reference where there is one
    assertThat(classFileText(MicrometerSinkTest.class)).contains("io/micrometer/");
  }

  /** The class file of {@code type}, its constant pool readable as ISO-8859-1 text. */
  private static String classFileText(Class<?> type) throws IOException {
    try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
