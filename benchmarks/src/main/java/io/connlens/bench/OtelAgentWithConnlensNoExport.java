package io.connlens.bench;

/**
 * {@link OtelAgentWithConnlens} with connlens's OpenTelemetry export off ({@code otel.enabled=false}):
 * the two side by side tell the export's own cost from the rest of connlens's. Its JVM arguments are
 * declared in {@link Variant#OTEL_AGENT_WITH_CONNLENS_NO_EXPORT}.
 */
public class OtelAgentWithConnlensNoExport extends PoolBenchmark {}
