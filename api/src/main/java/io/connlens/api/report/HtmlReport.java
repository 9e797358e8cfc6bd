package io.connlens.api.report;

import io.connlens.api.FindingType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTML report: one self-contained page (no script, no network: the styles and the charts are in
 * the page) from one or more JSON reports, one per JVM of a run. Shows the verdict and the counts at the
 * top, the tests connlens failed, the findings grouped by type and site with their frames and SQL, and
 * each pool's size and use over time. What {@code connlens report --html} and the Maven plugin's
 * {@code report} goal write.
 */
public final class HtmlReport {
  /** A report and what to call it on the page (its file's name). */
  public static final class Source {
    final String name;
    final Report report;

    public Source(String name, Report report) {
      this.name = name;
      this.report = report;
    }
  }

  private static final int CHART_WIDTH = 720;
  private static final int CHART_HEIGHT = 170;
  private static final int CHART_LEFT = 40;
  private static final int CHART_BOTTOM = 22;
  /** The most frames shown unfolded. */
  private static final int FRAMES_SHOWN = 8;

  private static final String STYLE = String.join("\n",
      "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d2330;background:#f4f6f9}",
      "header{background:#1d2330;color:#fff;padding:18px 32px}",
      "header h1{margin:0;font-size:22px;font-weight:600}",
      "header .meta{color:#b8c0cf;margin-top:4px}",
      "main{padding:20px 32px;max-width:1200px}",
      ".verdict{display:inline-block;margin-left:12px;padding:2px 10px;border-radius:12px;font-size:14px;vertical-align:middle}",
      ".failed{background:#c62828;color:#fff}.passed{background:#2e7d32;color:#fff}",
      ".tiles{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0 20px}",
      ".tile{background:#fff;border-radius:8px;padding:12px 16px;min-width:130px;box-shadow:0 1px 2px rgba(0,0,0,.08)}",
      ".tile .n{font-size:26px;font-weight:600}.tile .l{color:#5b6475;font-size:12px;text-transform:uppercase;letter-spacing:.04em}",
      ".tile.bad .n{color:#c62828}",
      "h2{font-size:18px;margin:28px 0 10px}h3{font-size:15px;margin:18px 0 8px}",
      "section.jvm{border-top:1px solid #d5dae3;margin-top:24px}",
      "table{border-collapse:collapse;background:#fff;width:100%;box-shadow:0 1px 2px rgba(0,0,0,.08)}",
      "th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #e6e9ef;vertical-align:top}",
      "th{background:#eef1f6;font-weight:600;font-size:12px}",
      ".card{background:#fff;border-radius:8px;padding:12px 16px;margin:10px 0;box-shadow:0 1px 2px rgba(0,0,0,.08);border-left:4px solid #f9a825}",
      ".card.ERROR{border-left-color:#c62828}.card.INFO{border-left-color:#1565c0}",
      ".count{display:inline-block;background:#1d2330;color:#fff;border-radius:10px;padding:0 8px;font-size:12px;margin-right:6px}",
      ".fail{display:inline-block;background:#c62828;color:#fff;border-radius:10px;padding:0 8px;font-size:12px;margin-left:6px}",
      ".kv{color:#5b6475;margin:4px 0}.kv b{color:#1d2330;font-weight:500}",
      "pre{background:#f4f6f9;padding:8px 10px;border-radius:6px;overflow-x:auto;margin:6px 0;font:12.5px/1.5 ui-monospace,Menlo,Consolas,monospace}",
      "ol.frames{font:12.5px/1.55 ui-monospace,Menlo,Consolas,monospace;margin:6px 0;padding-left:28px}",
      ".card > ol.frames li:first-child{font-weight:700;color:#0d47a1}",
      ".hint{color:#2e7d32}.muted{color:#8a93a3}",
      "code{font:12.5px ui-monospace,Menlo,Consolas,monospace}",
      "svg text{font:11px system-ui,sans-serif;fill:#5b6475}",
      ".legend span{display:inline-block;margin-right:14px;font-size:12px}",
      ".legend i{display:inline-block;width:18px;height:3px;vertical-align:middle;margin-right:4px}",
      "td code{overflow-wrap:anywhere}table.tests{table-layout:fixed}",
      "table.tests th:nth-child(1){width:34%}table.tests th:nth-child(2){width:12%}table.tests th:nth-child(3){width:30%}",
      "details summary{cursor:pointer;color:#5b6475;font-size:12px}");

  private HtmlReport() {}

  /** The page for {@code sources}, one JVM each, in order. */
  public static String render(List<Source> sources) {
    StringBuilder h = new StringBuilder(16_384);
    boolean failed = false;
    long findings = 0;
    long occurrences = 0;
    long tests = 0;
    long suppressed = 0;
    long opened = 0;
    long unclosed = 0;
    List<String> failingTypes = new ArrayList<>();
    for (Source s : sources) {
      Report.Summary summary = s.report.summary();
      failed |= summary.failed();
      findings += s.report.findings().size();
      for (Report.Finding f : s.report.findings()) {
        occurrences += f.count();
      }
      tests += s.report.tests().size();
      suppressed += summary.suppressedErrors();
      opened += summary.leases().opened();
      unclosed += summary.leases().open() + summary.leases().unclosed();
      for (String type : summary.failingTypes()) {
        if (!failingTypes.contains(type)) {
          failingTypes.add(type);
        }
      }
    }
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<title>connlens report").append(failed ? " – FAILED" : "").append("</title><style>")
        .append(STYLE).append("</style></head><body>\n<header><h1>connlens report");
    h.append(failed ? "<span class=\"verdict failed\">FAILED: " + esc(String.join(", ", failingTypes)) + "</span>"
        : "<span class=\"verdict passed\">passed</span>");
    h.append("</h1><div class=\"meta\">").append(sources.size()).append(sources.size() == 1 ? " JVM" : " JVMs");
    if (!sources.isEmpty()) {
      Report.Summary first = sources.get(0).report.summary();
      if (first.agentVersion() != null) {
        h.append(" · connlens ").append(esc(first.agentVersion()));
      }
      String generated = sources.get(sources.size() - 1).report.summary().generatedAt();
      if (generated != null) {
        h.append(" · generated ").append(esc(generated));
      }
    }
    h.append("</div></header>\n<main>\n<div class=\"tiles\">");
    tile(h, "findings", findings, findings > 0);
    tile(h, "occurrences", occurrences, false);
    tile(h, "tests failed by connlens", tests, tests > 0);
    tile(h, "leases opened", opened, false);
    tile(h, "left open or unclosed", unclosed, unclosed > 0);
    tile(h, "agent errors", suppressed, suppressed > 0);
    h.append("</div>\n");
    if (sources.isEmpty()) {
      h.append("<p class=\"muted\">No report was found.</p>");
    }
    for (Source s : sources) {
      jvm(h, s, sources.size() > 1);
    }
    h.append("</main></body></html>\n");
    return h.toString();
  }

  private static void tile(StringBuilder h, String label, long n, boolean bad) {
    h.append("<div class=\"tile").append(bad ? " bad" : "").append("\"><div class=\"n\">").append(n)
        .append("</div><div class=\"l\">").append(esc(label)).append("</div></div>");
  }

  private static void jvm(StringBuilder h, Source s, boolean several) {
    Report r = s.report;
    Report.Summary summary = r.summary();
    h.append("<section class=\"jvm\">");
    h.append(several ? "<h2>" : "<h2 style=\"display:none\">").append("JVM ").append(summary.pid())
        .append(" <span class=\"muted\">").append(esc(s.name)).append("</span></h2>\n");
    h.append("<p class=\"kv\">pid <b>").append(summary.pid()).append("</b>");
    if (summary.java() != null) {
      h.append(" · Java <b>").append(esc(summary.java())).append("</b>");
    }
    if (summary.startedAt() != null) {
      h.append(" · started <b>").append(esc(summary.startedAt())).append("</b>");
    }
    h.append(" · fail.on <b>").append(summary.failOn().isEmpty() ? "none" : esc(String.join(", ", summary.failOn())))
        .append("</b> · report <code>").append(esc(s.name)).append("</code></p>\n");
    if (!r.tests().isEmpty()) {
      h.append("<h2>Tests failed by connlens</h2><table class=\"tests\"><tr><th>test</th><th>why</th><th>site</th><th>SQL</th></tr>");
      for (Report.TestFailure t : r.tests()) {
        h.append("<tr><td><code>").append(esc(t.test())).append("</code></td><td>")
            .append(Report.TestFailure.OPEN_AT_TEST_END.equals(t.type()) ? "left a connection open" : esc(t.type()))
            .append("</td><td><code>").append(esc(orEmpty(t.site()))).append("</code></td><td><code>")
            .append(esc(orEmpty(t.sql()))).append("</code></td></tr>");
      }
      h.append("</table>\n");
    }
    findings(h, r);
    pools(h, r);
    if (summary.suppressedErrors() > 0) {
      h.append("<p class=\"kv\"><b>The agent suppressed ").append(summary.suppressedErrors())
          .append(" errors of its own</b>: a connlens bug worth reporting, with the JSON report.</p>");
    }
    h.append("</section>\n");
  }

  private static void findings(StringBuilder h, Report r) {
    h.append("<h2>Findings</h2>");
    if (r.findings().isEmpty()) {
      h.append("<p class=\"muted\">None.</p>");
      return;
    }
    for (FindingType type : FindingType.values()) {
      List<Report.Finding> ofType = r.findings(type);
      if (ofType.isEmpty()) {
        continue;
      }
      long n = 0;
      for (Report.Finding f : ofType) {
        n += f.count();
      }
      boolean failing = r.summary().failOn().contains(type.name());
      h.append("<h3 id=\"").append(type.name()).append("\">").append(type.name()).append(" <span class=\"muted\">")
          .append(n).append(n == 1 ? " occurrence" : " occurrences").append(" · ").append(esc(type.description()))
          .append("</span>").append(failing ? "<span class=\"fail\">fail.on</span>" : "").append("</h3>");
      for (Report.Finding f : ofType) {
        finding(h, r, f);
      }
    }
  }

  private static void finding(StringBuilder h, Report r, Report.Finding f) {
    h.append("<div class=\"card ").append(esc(orEmpty(f.severity()))).append("\"><div><span class=\"count\">")
        .append(f.count()).append("×</span>").append(esc(orEmpty(f.message()))).append("</div><div class=\"kv\">");
    List<String> kv = new ArrayList<>();
    if (f.pool() != null) {
      kv.add("pool <b>" + esc(f.pool()) + "</b>");
    }
    if (f.database() != null) {
      kv.add("database <b>" + esc(f.database()) + "</b>");
    }
    if (f.thread() != null) {
      kv.add("thread <b>" + esc(f.thread()) + "</b>");
    }
    if (f.heldMillis() > 0) {
      kv.add("held <b>" + f.heldMillis() + " ms</b>");
    }
    if (f.executions() > 0) {
      kv.add("executions <b>" + f.executions() + "</b>");
    }
    for (String test : r.testsOf(f)) {
      kv.add("test <b>" + esc(test) + "</b>");
    }
    h.append(String.join(" · ", kv)).append("</div>");
    if (f.sql() != null) {
      h.append("<pre>").append(esc(f.sql())).append("</pre>");
    }
    if (!f.siteCaptured() || f.frames().isEmpty()) {
      h.append("<div class=\"muted\">site not captured (set fail.on, or site.capture=all)</div>");
    } else {
      // the code down to the test method, or the first frames; the rest folded (no script: <details>)
      List<String> frames = f.frames();
      int shown = SiteFrames.shown(frames, FRAMES_SHOWN);
      h.append("<ol class=\"frames\">");
      for (int i = 0; i < shown; i++) {
        h.append("<li>").append(esc(frames.get(i))).append("</li>");
      }
      h.append("</ol>");
      if (frames.size() > shown) {
        h.append("<details><summary>").append(frames.size() - shown).append(" more frames</summary><ol class=\"frames\" start=\"")
            .append(shown + 1).append("\">");
        for (int i = shown; i < frames.size(); i++) {
          h.append("<li>").append(esc(frames.get(i))).append("</li>");
        }
        h.append("</ol></details>");
      }
    }
    if (f.hint() != null) {
      h.append("<div class=\"hint\">fix: ").append(esc(f.hint())).append("</div>");
    }
    h.append("</div>\n");
  }

  private static void pools(StringBuilder h, Report r) {
    if (r.pools().isEmpty()) {
      return;
    }
    h.append("<h2>Pools</h2><table><tr><th>pool</th><th>kind</th><th>max</th><th>in use at the end</th><th>idle</th>")
        .append("<th>waiting</th><th>peak in use</th><th>borrows that waited</th><th>longest wait</th><th>sizing</th></tr>");
    for (Report.Pool p : r.pools()) {
      h.append("<tr><td><b>").append(esc(p.name())).append("</b><div class=\"muted\">").append(esc(orEmpty(p.database())))
          .append("</div></td><td>").append(esc(orEmpty(p.kind()))).append("</td><td>").append(gauge(p.maxSize()))
          .append("</td><td>").append(gauge(p.active())).append("</td><td>").append(gauge(p.idle())).append("</td><td>")
          .append(gauge(p.waiting())).append("</td><td>").append(p.peakLeases()).append("</td><td>").append(p.waits())
          .append("</td><td>").append(p.longestWaitMillis()).append(" ms</td><td>").append(esc(orEmpty(p.sizing())))
          .append("</td></tr>");
    }
    h.append("</table>\n");
    for (Report.PoolTimeline t : r.timeline()) {
      if (t.samples().size() >= 2) {
        chart(h, t);
      } else {
        h.append("<p class=\"muted\">").append(esc(t.pool()))
            .append(": the run was too short for a timeline (the pools are sampled once a second).</p>");
      }
    }
  }

  private static String gauge(long value) {
    return value < 0 ? "<span class=\"muted\">?</span>" : Long.toString(value);
  }

  /** One pool's used, idle, max and waiting connections over time, as an SVG line chart. */
  private static void chart(StringBuilder h, Report.PoolTimeline t) {
    List<long[]> samples = t.samples();
    long t0 = samples.get(0)[0];
    long span = Math.max(1, samples.get(samples.size() - 1)[0] - t0);
    long top = 1;
    for (long[] s : samples) {
      top = Math.max(top, Math.max(Math.max(s[1], s[2]), Math.max(s[3], s[4])));
    }
    int w = CHART_WIDTH - CHART_LEFT - 10;
    int ht = CHART_HEIGHT - CHART_BOTTOM - 10;
    h.append("<h3>").append(esc(t.pool())).append(" over time</h3><div class=\"legend\">")
        .append("<span><i style=\"background:#1565c0\"></i>in use</span>")
        .append("<span><i style=\"background:#90a4ae\"></i>idle</span>")
        .append("<span><i style=\"background:#1d2330\"></i>max</span>")
        .append("<span><i style=\"background:#c62828\"></i>waiting</span></div>")
        .append("<svg role=\"img\" aria-label=\"").append(esc(t.pool())).append(" pool use over time\" width=\"")
        .append(CHART_WIDTH).append("\" height=\"").append(CHART_HEIGHT).append("\" viewBox=\"0 0 ").append(CHART_WIDTH)
        .append(' ').append(CHART_HEIGHT).append("\" style=\"background:#fff;border-radius:8px\">");
    // axes: 0 and the top on the left, the run's start and end below
    h.append("<line x1=\"").append(CHART_LEFT).append("\" y1=\"10\" x2=\"").append(CHART_LEFT).append("\" y2=\"")
        .append(10 + ht).append("\" stroke=\"#d5dae3\"/><line x1=\"").append(CHART_LEFT).append("\" y1=\"").append(10 + ht)
        .append("\" x2=\"").append(CHART_LEFT + w).append("\" y2=\"").append(10 + ht).append("\" stroke=\"#d5dae3\"/>");
    h.append("<text x=\"").append(CHART_LEFT - 6).append("\" y=\"14\" text-anchor=\"end\">").append(top).append("</text>");
    h.append("<text x=\"").append(CHART_LEFT - 6).append("\" y=\"").append(10 + ht).append("\" text-anchor=\"end\">0</text>");
    h.append("<text x=\"").append(CHART_LEFT).append("\" y=\"").append(CHART_HEIGHT - 6).append("\">")
        .append(seconds(t0)).append("</text>");
    h.append("<text x=\"").append(CHART_LEFT + w).append("\" y=\"").append(CHART_HEIGHT - 6).append("\" text-anchor=\"end\">")
        .append(seconds(t0 + span)).append(" after start</text>");
    String[] colors = {null, "#1565c0", "#90a4ae", "#1d2330", "#c62828"};
    for (int series = 1; series <= 4; series++) {
      StringBuilder points = new StringBuilder();
      for (long[] s : samples) {
        if (s[series] < 0) {
          continue;
        }
        double x = CHART_LEFT + (double) (s[0] - t0) / span * w;
        double y = 10 + ht - (double) s[series] / top * ht;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      if (points.length() > 0) {
        h.append("<polyline fill=\"none\" stroke=\"").append(colors[series]).append("\" stroke-width=\"")
            .append(series == 3 ? "1" : "2").append(series == 3 ? "\" stroke-dasharray=\"4 3" : "")
            .append("\" points=\"").append(points.toString().trim()).append("\"/>");
      }
    }
    h.append("</svg>\n");
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }

  /** {@code text} safe inside HTML text and double-quoted attributes. */
  static String esc(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&':
          out.append("&amp;");
          break;
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '"':
          out.append("&quot;");
          break;
        case '\'':
          out.append("&#39;");
          break;
        default:
          out.append(c);
      }
    }
    return out.toString();
  }
}
