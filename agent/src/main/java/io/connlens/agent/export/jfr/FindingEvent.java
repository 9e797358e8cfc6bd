package io.connlens.agent.export.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A new finding: the first occurrence of a type at a site and pool. Later occurrences of the same
 * finding are not events (the JSON report and JMX count them).
 */
@Name("connlens.Finding")
@Category("connlens")
@Label("Finding")
@Description("A connlens finding, recorded when it is first made: a leak, a long hold, an N+1, an exhausted pool...")
@StackTrace(false) // the scan thread's stack says nothing: the site is a field
public final class FindingEvent extends Event {
  @Label("Type")
  @Description("The finding type, such as LEAK_SUSPECTED or N_PLUS_ONE")
  String type;

  @Label("Severity")
  @Description("The finding's severity")
  String severity;

  @Label("Pool")
  @Description("The pool or data source name; empty when none applies")
  String pool;

  @Label("Site")
  @Description("Where it happened: the captured frames, one per line, the application's first")
  String site;

  @Label("SQL")
  @Description("The normalized SQL of the finding, when it concerns a statement")
  String sql;

  @Label("Message")
  @Description("The finding as connlens words it")
  String message;
}
