package io.connlens.bench;

/**
 * The operations under connlens in its default (production) mode: a sample of leases record their site.
 * Its JVM arguments are declared in {@link Variant#CONNLENS_DEFAULT}.
 */
public class ConnlensDefault extends PoolBenchmark {}
