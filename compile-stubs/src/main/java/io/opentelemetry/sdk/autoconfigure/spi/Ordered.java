package io.opentelemetry.sdk.autoconfigure.spi;

/** Stand-in for the OpenTelemetry SDK's {@code Ordered}: compile only. */
public interface Ordered {
  /** Lower runs first. */
  default int order() {
    return 0;
  }
}
