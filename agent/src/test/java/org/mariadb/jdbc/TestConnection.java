package org.mariadb.jdbc;

/**
 * Stands in for MariaDB Connector/J's connection in connlens's unit tests: connlens reads a
 * connection's dialect from its driver's package when no URL says it, as for a pool that opens its
 * connections through a vendor data source.
 */
public final class TestConnection {}
