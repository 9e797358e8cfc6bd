package io.connlens.bench;

/**
 * The operations with no agent and HikariCP's own leakDetectionThreshold at 60 s (never fires).
 * Its JVM arguments are declared in {@link Variant#HIKARI_LEAK_DETECTION}; the per-pool borrow + return
 * runs under it for HikariCP only.
 */
public class HikariLeakDetection extends PoolBenchmark {}
