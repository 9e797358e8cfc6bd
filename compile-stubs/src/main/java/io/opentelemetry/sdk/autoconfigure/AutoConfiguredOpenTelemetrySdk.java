package io.opentelemetry.sdk.autoconfigure;

/** Stand-in for the OpenTelemetry SDK's {@code AutoConfiguredOpenTelemetrySdk}: compile only, never used. */
public abstract class AutoConfiguredOpenTelemetrySdk {}
