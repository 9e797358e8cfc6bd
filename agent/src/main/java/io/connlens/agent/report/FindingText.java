package io.connlens.agent.report;

import static io.connlens.agent.text.PrintableText.escape;

import io.connlens.agent.detection.ConnectionGroup;
import io.connlens.agent.detection.DurationText;
import io.connlens.agent.detection.ExhaustionSnapshot;
import io.connlens.agent.detection.Finding;
import io.connlens.agent.detection.Holder;
import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.OrmLoad;
import io.connlens.agent.text.PrintableText;
import io.connlens.api.FindingType;
import java.util.List;
import java.util.Map;

/**
 * The multi-line text of one finding's warning, the same on every output: standard error prints it
 * with {@link ConsoleSink#PREFIX} before every line, the application's log as one record without it
 * (its logger name, {@code connlens.finding.TYPE}, says where it comes from).
 *
 * <p>Every string a finding carries (message, SQL, names, URLs, frames) goes through {@link
 * PrintableText#escape}: they come from the application, and a newline in a quoted SQL identifier or
 * a thread name must not start a line of its own that reads like a finding.
 */
public final class FindingText {
  private static final int MAX_FRAMES = 8;

  private final String prefix;
  private final String uncapturedSiteNote;

  /**
   * @param prefix starts every line: {@link ConsoleSink#PREFIX} on standard error, empty in a log
   * @param uncapturedSiteNote why a site may be missing and what connlens does about it, printed
   *     as {@code acquired at: (not captured: NOTE)}; {@code null} prints {@code (not captured)}
   */
  public FindingText(String prefix, String uncapturedSiteNote) {
    this.prefix = prefix;
    this.uncapturedSiteNote = uncapturedSiteNote;
  }

  /** The warning for {@code f}, its lines ended with newlines but the last. */
  public String of(Finding f) {
    StringBuilder text = new StringBuilder(512);
    append(text, f);
    text.setLength(text.length() - 1);
    return text.toString();
  }

  /** Appends the warning for {@code f}, every line prefixed and ended with a newline. */
  public void append(StringBuilder text, Finding f) {
    FindingType type = f.type();
    text.append(prefix).append(f.severity().name()).append(' ').append(type.name()).append(": ")
        .append(escape(f.message())).append('\n');

    StringBuilder where = new StringBuilder();
    field(where, "pool", f.pool());
    field(where, "database", f.database());
    field(where, "thread", f.thread());
    if (where.length() > 0) {
      text.append(prefix).append("  ").append(where).append('\n');
    }

    if (f.sql() != null) {
      text.append(prefix).append("  sql: ").append(escape(f.sql())).append('\n');
    }
    if (f.lastSql() != null) {
      long n = f.statements();
      text.append(prefix).append("  last sql (").append(n).append(n == 1 ? " statement" : " statements")
          .append(" run on it): ").append(escape(f.lastSql())).append('\n');
    }
    if (f.ormLoad() != null) {
      text.append(prefix).append(f.ormLoad().kind() == OrmLoad.Kind.COLLECTION ? "  association: " : "  entity: ")
          .append(escape(f.ormLoad().name())).append('\n');
    }
    if (f.sourceSql() != null) {
      text.append(prefix).append("  after: ").append(escape(f.sourceSql())).append('\n');
    }
    if (f.hint() != null) {
      text.append(prefix).append("  fix: ").append(escape(f.hint())).append('\n');
    }

    // For query findings the site is where the statements ran, not where a connection was taken; for a
    // pool's exhaustion, where the most of its connections were taken; for a server's, the refused call.
    String siteLabel = type == FindingType.N_PLUS_ONE || type == FindingType.UNBATCHED_WRITES ? "executed at:"
        : type == FindingType.POOL_EXHAUSTED || type == FindingType.POOL_SATURATION ? "most connections taken at:"
        : type == FindingType.SERVER_CONNECTION_LIMIT ? "refused at:" : "acquired at:";
    CallSite site = f.site();
    text.append(prefix).append("  ").append(siteLabel);
    if (!site.isCaptured()) {
      text.append(uncapturedSiteNote == null
          ? " (not captured)" : " (not captured: " + escape(uncapturedSiteNote) + ")").append('\n');
    } else if (site.frames().isEmpty()) {
      text.append(" (no frames)\n");
    } else if (!site.hasApplicationFrame()) {
      text.append(" (no application frame: only framework code on this stack; set app.packages if one of these is yours)\n");
      appendFrames(text, site.frames());
    } else {
      text.append('\n');
      appendFrames(text, site.frames());
    }

    CallSite statementSite = f.statementSite();
    if (statementSite != null && statementSite.isCaptured() && !statementSite.frames().isEmpty()) {
      text.append(prefix).append("  last statement at:\n");
      appendFrames(text, statementSite.frames());
    }

    Holder holder = f.holder();
    if (holder != null) {
      text.append(prefix).append("  holder now: ").append(escape(holder.threadName()));
      if (holder.threadState() != null) {
        text.append(" (").append(escape(holder.threadState())).append(')');
      }
      if (holder.activity() != null) {
        text.append(", ").append(escape(holder.activity().description()));
      }
      text.append('\n');
      appendFrames(text, holder.frames());
    }
    ExhaustionSnapshot exhaustion = f.exhaustion();
    if (exhaustion != null) {
      appendExhaustion(text, exhaustion);
    }
  }

  private void appendExhaustion(StringBuilder text, ExhaustionSnapshot s) {
    if (s.failedSite() != null) {
      text.append(prefix).append("  the borrow that failed: thread ").append(escape(String.valueOf(s.failedThread())));
      if (s.failedSite().isCaptured() && !s.failedSite().frames().isEmpty()) {
        text.append('\n');
        appendFrames(text, s.failedSite().frames().subList(0, Math.min(3, s.failedSite().frames().size())));
      } else {
        text.append('\n');
      }
    }
    if (s.server() != null) {
      StringBuilder pools = new StringBuilder();
      for (Map.Entry<String, Integer> e : s.poolConnections().entrySet()) {
        pools.append(pools.length() == 0 ? "" : ", ").append(escape(e.getKey())).append(' ').append(e.getValue());
      }
      text.append(prefix).append("  this JVM's open connections to ").append(escape(s.server())).append(": ")
          .append(pools.length() == 0 ? "" : "pools " + pools + "; ").append("direct ").append(s.directConnections())
          .append('\n');
    }
    for (ConnectionGroup group : s.groups()) {
      text.append(prefix).append("  ").append(group.count()).append(group.count() == 1 ? " connection" : " connections")
          .append(", oldest held ").append(DurationText.ofMillis(group.oldestHeldMillis())).append(", taken at ");
      CallSite site = group.site();
      text.append(site.isCaptured() && !site.frames().isEmpty() ? escape(site.topFrame()) : "(not captured)").append('\n');
      for (Holder holder : group.holders()) {
        text.append(prefix).append("    holder ").append(escape(holder.threadName()));
        if (holder.activity() != null) {
          text.append(": ").append(escape(holder.activity().description()));
        }
        text.append('\n');
      }
    }
    if (s.groupsNotShown() > 0) {
      text.append(prefix).append("  ... ").append(s.groupsNotShown()).append(" more sites (see the report)\n");
    }
  }

  private void appendFrames(StringBuilder text, List<String> frames) {
    int shown = Math.min(frames.size(), MAX_FRAMES);
    for (int i = 0; i < shown; i++) {
      text.append(prefix).append("    at ").append(escape(frames.get(i))).append('\n');
    }
    if (frames.size() > shown) {
      text.append(prefix).append("    ... ").append(frames.size() - shown).append(" more\n");
    }
  }

  private static void field(StringBuilder line, String name, String value) {
    if (value != null) {
      if (line.length() > 0) {
        line.append("   ");
      }
      line.append(name).append(": ").append(escape(value));
    }
  }
}
