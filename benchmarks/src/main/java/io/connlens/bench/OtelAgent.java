package io.connlens.bench;

/**
 * The operations under the OpenTelemetry Java agent with every exporter off.
 * Its JVM arguments are declared in {@link Variant#OTEL_AGENT}.
 */
public class OtelAgent extends PoolBenchmark {}
