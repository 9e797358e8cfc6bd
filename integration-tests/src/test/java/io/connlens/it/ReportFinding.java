package io.connlens.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** One entry of a report's {@code findings}, with the fields the tests read; absent fields read as null. */
final class ReportFinding {
  private final JsonNode node;

  ReportFinding(JsonNode node) {
    this.node = node;
  }

  String type() {
    return text(node.get("type"));
  }

  long count() {
    return node.path("count").asLong(-1);
  }

  /** {@code site.frames}: the acquire site, application frames first. */
  List<String> siteFrames() {
    List<String> frames = new ArrayList<>();
    node.path("site").path("frames").forEach(frame -> frames.add(frame.asText()));
    return frames;
  }

  /** {@code site.frames[0]}, the frame that took the connection; null when there is none. */
  String acquireFrame() {
    List<String> frames = siteFrames();
    return frames.isEmpty() ? null : frames.get(0);
  }

  /**
   * {@code site.applicationFrame}: whether {@code site.frames[0]} is the application's own code rather
   * than a framework's; null when absent.
   */
  Boolean siteApplicationFrame() {
    JsonNode value = node.path("site").get("applicationFrame");
    return value == null || !value.isBoolean() ? null : value.asBoolean();
  }

  /**
   * {@code site.frames[0]} of an {@code N_PLUS_ONE} or {@code UNBATCHED_WRITES} finding: the line that
   * ran the repeated statement; null when there is none.
   */
  String executionFrame() {
    return acquireFrame();
  }

  /** {@code sql}: the statement, normalized (literals as {@code ?}); null when absent. */
  String sql() {
    return text(node.get("sql"));
  }

  /** {@code lastSql}: the last statement the finding's lease ran, normalized; null when absent. */
  String lastSql() {
    return text(node.get("lastSql"));
  }

  /** {@code executions}: the most runs of the statement in one unit of work; -1 when absent. */
  long executions() {
    return node.path("executions").asLong(-1);
  }

  /** {@code sourceSql}: the query that ran just before the repeated one; null when absent. */
  String sourceSql() {
    return text(node.get("sourceSql"));
  }

  /**
   * {@code association}: the JPA association whose loading ran an {@code N_PLUS_ONE}'s statements, as
   * {@code Entity.attribute} (e.g. {@code Owner.pets}); null when absent.
   */
  String association() {
    return text(node.get("association"));
  }

  /**
   * {@code entity}: the entity Hibernate loaded one at a time while an {@code N_PLUS_ONE}'s statements
   * ran (a lazy to-one proxy, a find), by simple name; null when absent.
   */
  String entity() {
    return text(node.get("entity"));
  }

  /** {@code message}: what happened, for the first occurrence; null when absent. */
  String message() {
    return text(node.get("message"));
  }

  /** {@code fix}: how to fix it; null when absent. */
  String fix() {
    return text(node.get("fix"));
  }

  /** {@code hint}: a one-line hint at the fix (the console prints it as {@code fix:}); null when absent. */
  String hint() {
    return text(node.get("hint"));
  }

  /** {@code statementSite.frames} of an {@code IDLE_IN_TRANSACTION} finding: where its last statement ran. */
  List<String> statementSiteFrames() {
    List<String> frames = new ArrayList<>();
    node.path("statementSite").path("frames").forEach(frame -> frames.add(frame.asText()));
    return frames;
  }

  /** {@code statementSite.frames[0]}: the line that ran the idle transaction's last statement; null when none. */
  String lastStatementFrame() {
    List<String> frames = statementSiteFrames();
    return frames.isEmpty() ? null : frames.get(0);
  }

  String thread() {
    return text(node.get("thread"));
  }

  String pool() {
    return text(node.get("pool"));
  }

  String database() {
    return text(node.get("database"));
  }

  /**
   * {@code endedBy}: who ended a lease the application never closed, {@code POOL} (the pool's
   * abandoned-connection removal took it back) or {@code POOL_SHUTDOWN} (the pool's close() closed
   * or aborted it); null when absent.
   */
  String endedBy() {
    return text(node.get("endedBy"));
  }

  /** {@code heldMillis}; -1 when absent. */
  /** {@code severity}: error, warning or info. */
  String severity() {
    return text(node.get("severity"));
  }

  /** {@code UNPOOLED_CONNECTIONS}: {@code connections}, {@code windowMillis}, {@code perSecond}, {@code meanHeldMicros}; -1 when absent. */
  long unpooled(String field) {
    return node.path(field).asLong(-1);
  }

  long heldMillis() {
    return node.path("heldMillis").asLong(-1);
  }

  String holderThread() {
    return text(node.path("holder").get("thread"));
  }

  String holderActivity() {
    return text(node.path("holder").get("activity"));
  }

  /** Any field of the finding, as JSON (a missing node when absent): the exhaustion findings' snapshot. */
  JsonNode field(String name) {
    return node.path(name);
  }

  @Override
  public String toString() {
    return node.toPrettyString();
  }

  private static String text(JsonNode value) {
    return value == null || value.isNull() ? null : value.asText();
  }
}
