package io.opentelemetry.javaagent.extension;

import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.Ordered;

/** Stand-in for the OpenTelemetry agent's {@code AgentListener} (2.x): compile only. */
public interface AgentListener extends Ordered {
  /** Called once the OpenTelemetry agent has installed its SDK and instrumentation. */
  void afterAgent(AutoConfiguredOpenTelemetrySdk autoConfiguredOpenTelemetrySdk);
}
