package io.connlens.agent.sql;

/**
 * What a SQL statement does, read from its first keyword (or, for a {@code WITH} query, from the
 * keyword of the main statement after the common table expressions).
 */
public enum StatementKind {
  /** A query: {@code SELECT}. */
  SELECT,
  /** {@code INSERT}, and MySQL's {@code REPLACE} and {@code UPSERT}, which also add rows. */
  INSERT,
  /** {@code UPDATE}. */
  UPDATE,
  /** {@code DELETE}. */
  DELETE,
  /** {@code MERGE}. */
  MERGE,
  /** A stored procedure call: {@code CALL p(?)} or the JDBC escape {@code {call p(?)}}. */
  CALL,
  /** Anything else: DDL, {@code SET}, {@code SHOW}, {@code BEGIN}, unparseable text. */
  OTHER;

  /** Whether a statement of this kind changes rows: INSERT, UPDATE, DELETE or MERGE. */
  public boolean isWrite() {
    return this == INSERT || this == UPDATE || this == DELETE || this == MERGE;
  }
}
