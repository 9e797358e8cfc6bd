package io.connlens.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenTelemetry Java agent jar from Maven Central (the version of the root pom's
 * {@code otel-javaagent.version}), which this module copies to {@code target/otel} before the ITs
 * run and names in the system property {@value #JAR_PROPERTY}; and the options that make it export
 * to an {@link OtlpReceiver}. Used with {@link AppLauncher#otelAgent}.
 */
final class OtelAgent {
  static final String JAR_PROPERTY = "connlens.it.otelAgent.jar";

  /** Where the OpenTelemetry agent goes on the command line, relative to connlens. */
  enum Placement {
    /** The OpenTelemetry agent only, no connlens: what the application's pipeline shows without us. */
    ALONE,
    /** {@code -javaagent:opentelemetry-javaagent.jar -javaagent:connlens-agent.jar}. */
    BEFORE_CONNLENS,
    /** {@code -javaagent:connlens-agent.jar -javaagent:opentelemetry-javaagent.jar}. */
    AFTER_CONNLENS,
    /** {@code -javaagent:opentelemetry-javaagent.jar -Dotel.javaagent.extensions=connlens-agent.jar}. */
    CONNLENS_AS_EXTENSION
  }

  private OtelAgent() {}

  /** The agent jar; fails with what to do when the build did not copy it. */
  static Path jar() {
    String configured = System.getProperty(JAR_PROPERTY);
    if (configured == null) {
      throw new IllegalStateException("system property " + JAR_PROPERTY
          + " is not set: run the integration tests through Maven (mvn verify)");
    }
    Path jar = Path.of(configured).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no OpenTelemetry agent jar at " + jar
          + ": mvn verify copies it in the pre-integration-test phase");
    }
    return jar;
  }

  /**
   * {@code -javaagent:<jar>} and the settings that export every signal to {@code receiver} over
   * OTLP/HTTP protobuf, quickly enough for a test: metrics every second, spans and log records after
   * 200 ms. {@code extra} options follow (e.g. {@code -Dotel.semconv-stability.opt-in=database}).
   */
  static List<String> exportingTo(OtlpReceiver receiver, String serviceName, String... extra) {
    List<String> options = new ArrayList<>(List.of(
        "-javaagent:" + jar(),
        "-Dotel.service.name=" + serviceName,
        "-Dotel.exporter.otlp.protocol=http/protobuf",
        "-Dotel.exporter.otlp.endpoint=" + receiver.endpoint(),
        "-Dotel.traces.exporter=otlp",
        "-Dotel.metrics.exporter=otlp",
        "-Dotel.logs.exporter=otlp",
        "-Dotel.metric.export.interval=1000",
        "-Dotel.bsp.schedule.delay=200",
        "-Dotel.blrp.schedule.delay=200"));
    options.addAll(List.of(extra));
    return options;
  }

  /**
   * {@code -javaagent:<jar>} exporting nothing, for a test that looks at the app rather than its
   * telemetry: without a collector the OTLP exporters would print a connection-refused stack trace to
   * stderr at every export.
   */
  static List<String> notExporting(String serviceName, String... extra) {
    List<String> options = new ArrayList<>(List.of(
        "-javaagent:" + jar(),
        "-Dotel.service.name=" + serviceName,
        "-Dotel.traces.exporter=none",
        "-Dotel.metrics.exporter=none",
        "-Dotel.logs.exporter=none"));
    options.addAll(List.of(extra));
    return options;
  }
}
