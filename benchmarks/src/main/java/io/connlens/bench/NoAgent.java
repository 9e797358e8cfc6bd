package io.connlens.bench;

/**
 * The operations with no agent and no leak detection: the baseline the other variants are compared with.
 * Its JVM arguments are declared in {@link Variant#NO_AGENT}.
 */
public class NoAgent extends PoolBenchmark {}
