package io.connlens.bench;

/**
 * The operations under the OpenTelemetry Java agent with connlens beside it, exporting through it
 * (lease spans, metrics); every exporter off, so only the in-process cost is measured. Its JVM
 * arguments are declared in {@link Variant#OTEL_AGENT_WITH_CONNLENS}.
 */
public class OtelAgentWithConnlens extends PoolBenchmark {}
