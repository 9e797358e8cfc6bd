package io.connlens.bench;

/**
 * The operations under connlens recording the acquire site of every lease, as in a QA run.
 * Its JVM arguments are declared in {@link Variant#CONNLENS_EVERY_LEASE}.
 */
public class ConnlensEveryLease extends PoolBenchmark {}
