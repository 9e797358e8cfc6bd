package io.connlens.agent.export.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * One lease, from {@code getConnection} to {@code close()}: the event's duration is the hold time.
 * Begun at acquire only while a recording enables it, committed at close when the hold passed the
 * threshold ({@code 20 ms} unless a recording's settings say otherwise).
 */
@Name("connlens.Lease")
@Category("connlens")
@Label("Connection Lease")
@Description("A JDBC connection held by the application, from getConnection to close(): the duration is the hold time")
@StackTrace(false) // the acquire site is a field: the stack at close() would be the wrong one
@Threshold("20 ms")
public final class LeaseEvent extends Event {
  @Label("Pool")
  @Description("The pool or data source name; empty for DriverManager")
  String pool;

  @Label("Database")
  @Description("The database URL, password removed")
  String database;

  @Label("Acquire Site")
  @Description("The application frame that called getConnection, when connlens captured it")
  String site;

  @Label("Acquiring Thread")
  @Description("The name of the thread that took the connection, at acquire")
  String acquiringThread;

  @Label("Statements")
  @Description("How many statements ran on the lease (a batch counts once)")
  long statements;

  @Label("Last SQL")
  @Description("The normalized SQL of the last statement (literals replaced by ?, never bind values)")
  String lastSql;
}
