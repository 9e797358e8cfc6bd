package io.connlens.bench;

/**
 * The operations under connlens tagging each leased PostgreSQL connection's application_name with its
 * acquire site ({@code tag.application_name=true}). Its JVM arguments are declared in
 * {@link Variant#CONNLENS_APPLICATION_NAME}; it is measured on {@link PoolBenchmark#postgresBorrowQueryReturn}.
 */
public class ConnlensApplicationName extends PoolBenchmark {}
