package io.connlens.agent.export.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.export.ExportContext;
import io.connlens.agent.export.bridge.BridgeLoader;
import io.connlens.agent.export.bridge.WeaklyHeldSink;
import io.connlens.agent.report.ReportSnapshot;
import io.connlens.agent.report.Sink;
import io.connlens.agent.runtime.Exports;
import io.connlens.bootstrap.ConnlensHooks;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Duration;
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
      MicrometerExport.start(new ExportContext(null, added::add, log -> {}), MicrometerExportTest.class.getClassLoader());
      // then one sink was added, of the bridge's loader, and its meters reach the application's registry
      assertThat(added).hasSize(1);
      assertThat(((WeaklyHeldSink) added.get(0)).bridge().getClass().getClassLoader())
          .isInstanceOf(BridgeLoader.class);
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
    MicrometerExport.start(new ExportContext(null, added::add, log -> {}), ClassLoader.getPlatformClassLoader());
    // then no sink, one counted error, nothing thrown
    assertThat(added).isEmpty();
    assertThat(ConnlensHooks.suppressedErrors() - before).isEqualTo(1);
  }

  /**
   * A loader holding Micrometer and what it links to, and nothing else, as a web application's loader
   * would; the test's own Micrometer is not shared with it.
   */
  private static URLClassLoader applicationWithMicrometer() {
    List<URL> jars = new ArrayList<>();
    for (String marker : List.of("io.micrometer.core.instrument.Metrics", "io.micrometer.common.KeyValue",
        "io.micrometer.observation.Observation", "org.HdrHistogram.Histogram")) {
      try {
        jars.add(Class.forName(marker).getProtectionDomain().getCodeSource().getLocation());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(marker + " is not on the test class path", e);
      }
    }
    return new URLClassLoader(jars.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }

  @Test
  void theApplicationsRegistryKeepsTheBridgeAliveAndTheAgentDoesNotKeepTheApplication() throws Exception {
    // given the export started in an application's own loader
    List<Sink> added = new ArrayList<>();
    URLClassLoader application = applicationWithMicrometer();
    MicrometerExport.start(new ExportContext(null, added::add, log -> {}), application);
    WeaklyHeldSink sink = (WeaklyHeldSink) added.get(0);
    WeakReference<ClassLoader> discarded = new WeakReference<>(application);
    // then while the application lives, its registry keeps the bridge: collections do not lose it
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    assertThat(sink.bridge()).as("the bridge, while the application's loader lives").isNotNull();
    assertThat(sink.bridge().getClass().getClassLoader().getParent()).isSameAs(application);
    Reference.reachabilityFence(application);

    // when the application discards its loader, the agent still holding its sink
    application.close();
    application = null;
    // then the loader is collected, and the sink does nothing any more
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (discarded.get() != null && System.nanoTime() - deadline < 0) {
      System.gc(); // a full collection at each turn; the deadline bounds the loop
    }
    assertThat(discarded.get()).as("the application's loader, discarded").isNull();
    assertThat(sink.bridge()).isNull();
    sink.onPoolSnapshot(List.of(pool(5, 1, 4)), List.of()); // nothing to tell, nothing thrown
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
