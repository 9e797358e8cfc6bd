package io.connlens.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The configurations the operations run under, each with the JVM arguments its benchmark fork starts
 * with. Agent jars are passed as absolute paths: a relative one would resolve against the fork's
 * working directory.
 */
enum Variant {
  /** The baseline. */
  NO_AGENT(NoAgent.class, "no agent") {
    @Override
    List<String> jvmArgs(AgentJars jars) {
      return List.of();
    }
  },
  /** connlens as a production service would run it. */
  CONNLENS_DEFAULT(ConnlensDefault.class, "connlens default") {
    @Override
    List<String> jvmArgs(AgentJars jars) {
      return List.of("-javaagent:" + jars.connlens() + "=console=false");
    }
  },
  /** connlens as a QA run would run it: every lease records its acquire site. */
  CONNLENS_EVERY_LEASE(ConnlensEveryLease.class, "connlens every lease") {
    @Override
    List<String> jvmArgs(AgentJars jars) {
      return List.of("-javaagent:" + jars.connlens() + "=site.capture=all,console=false");
    }
  },
  /**
   * connlens with {@code tag.application_name=true}: each lease of a PostgreSQL connection sets its
   * ApplicationName to the acquire frame and sets it back in close() (which forces site.capture=all).
   * PostgreSQL only, so not one of the H2 runs' variants ({@link #tagsApplicationName}).
   */
  CONNLENS_APPLICATION_NAME(ConnlensApplicationName.class, "connlens tag.application_name") {
    @Override
    List<String> jvmArgs(AgentJars jars) {
      return List.of("-javaagent:" + jars.connlens() + "=tag.application_name=true,console=false");
    }

    @Override
    boolean tagsApplicationName() {
      return true;
    }
  },
  /** The peer built into the pool: HikariCP's leakDetectionThreshold, set high enough never to fire. */
  HIKARI_LEAK_DETECTION(HikariLeakDetection.class, "HikariCP leakDetectionThreshold") {
    @Override
    List<String> jvmArgs(AgentJars jars) {
      return List.of("-D" + PoolBenchmark.LEAK_DETECTION_PROPERTY + "=60000");
    }

    @Override
    boolean appliesTo(String pool) {
      return pool.equals("hikari");
    }
  },
  /** The peer agent: OpenTelemetry's, exporting nothing, so only its in-process cost is measured. */
  OTEL_AGENT(OtelAgent.class, "OpenTelemetry agent") {
    @Override
    List<String> jvmArgs(AgentJars jars) {
      return otelAgentThen(jars);
    }
  },
  /**
   * connlens beside the OpenTelemetry agent (connlens second, the order most services add it in),
   * exporting through it: what connlens adds to a service that already runs that agent.
   */
  OTEL_AGENT_WITH_CONNLENS(OtelAgentWithConnlens.class, "OpenTelemetry agent + connlens") {
    @Override
    List<String> jvmArgs(AgentJars jars) {
      return otelAgentThen(jars, "-javaagent:" + jars.connlens() + "=console=false");
    }
  },
  /** As {@link #OTEL_AGENT_WITH_CONNLENS}, connlens's export through it off: what the export itself costs. */
  OTEL_AGENT_WITH_CONNLENS_NO_EXPORT(OtelAgentWithConnlensNoExport.class, "OpenTelemetry agent + connlens, otel.enabled=false") {
    @Override
    List<String> jvmArgs(AgentJars jars) {
      return otelAgentThen(jars, "-javaagent:" + jars.connlens() + "=console=false,otel.enabled=false");
    }
  };

  /** The OpenTelemetry agent exporting nothing (only its in-process cost is measured), then {@code more}. */
  private static List<String> otelAgentThen(AgentJars jars, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("-javaagent:" + jars.otel(),
        "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"));
    args.addAll(List.of(more));
    return args;
  }

  /** The two agent jars, as absolute paths. */
  record AgentJars(Path connlens, Path otel) {
    AgentJars {
      connlens = connlens.toAbsolutePath().normalize();
      otel = otel.toAbsolutePath().normalize();
    }
  }

  private final Class<? extends PoolBenchmark> benchmarkClass;
  private final String label;

  Variant(Class<? extends PoolBenchmark> benchmarkClass, String label) {
    this.benchmarkClass = benchmarkClass;
    this.label = label;
  }

  /** The JVM arguments that make a fork run this variant. */
  abstract List<String> jvmArgs(AgentJars jars);

  /**
   * Whether this variant means anything for {@code pool} (one of {@link Pools#NAMES}) in
   * {@link PoolBenchmark#borrowReturnPerPool}: HikariCP's leak detection exists only in HikariCP.
   */
  boolean appliesTo(String pool) {
    return true;
  }

  /**
   * Whether the fork's PostgreSQL connections carry their acquire site as application_name while leased.
   * Such a variant tags nothing on H2, where it would only repeat connlens every lease: the H2 runs
   * (operations, per pool) leave it out unless asked for, and the application-name run expects the tag
   * from it and from no other variant.
   */
  boolean tagsApplicationName() {
    return false;
  }

  /** The benchmark class whose results belong to this variant. */
  Class<? extends PoolBenchmark> benchmarkClass() {
    return benchmarkClass;
  }

  /** The name in tables. */
  String label() {
    return label;
  }

  /** The name of the JSON result file and of the variant on the command line: the class's simple name. */
  String id() {
    return benchmarkClass.getSimpleName();
  }
}
