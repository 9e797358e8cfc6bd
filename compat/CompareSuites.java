import io.connlens.api.report.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Compares one test suite's two runs, without and with connlens, test by test, from Surefire's XML reports,
 * and sums what connlens's reports of the run with it say: findings, suppressed errors, instrumentation
 * errors. Run by {@code scripts/compat.sh} with the JDK's source launcher and the api jar on the class path:
 *
 * <pre>java -cp connlens-api.jar compat/CompareSuites.java NAME WITHOUT_DIR WITH_DIR CONNLENS_REPORTS_DIR OUT.md</pre>
 *
 * Writes a Markdown section to {@code OUT.md} and prints it; exits with status 1 when a test that passed
 * without the agent did not pass with it, when connlens suppressed an error, or when it wrote no report.
 */
public final class CompareSuites {
  private CompareSuites() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: CompareSuites NAME WITHOUT_DIR WITH_DIR CONNLENS_REPORTS_DIR OUT.md");
      System.exit(2);
    }
    String name = args[0];
    Map<String, String> without = outcomes(Path.of(args[1]));
    Map<String, String> with = outcomes(Path.of(args[2]));
    List<String> problems = new ArrayList<>();
    StringBuilder md = new StringBuilder("## ").append(name).append("\n\n");
    md.append("| run | tests | passed | failed | errors | skipped |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
    md.append(counts("without connlens", without)).append(counts("with connlens", with)).append('\n');
    if (without.isEmpty()) {
      problems.add("the run without connlens reported no test");
    }

    List<String> worse = new ArrayList<>();
    List<String> otherwise = new ArrayList<>();
    for (Map.Entry<String, String> t : without.entrySet()) {
      String after = with.getOrDefault(t.getKey(), "not run");
      if (!after.equals(t.getValue())) {
        (t.getValue().equals("passed") ? worse : otherwise).add("`" + t.getKey() + "`: " + t.getValue() + " without, "
            + after + " with");
      }
    }
    for (String t : with.keySet()) {
      if (!without.containsKey(t)) {
        otherwise.add("`" + t + "`: not run without, " + with.get(t) + " with");
      }
    }
    md.append("Tests that pass without connlens and not with it: ")
        .append(worse.isEmpty() ? "**none**.\n\n" : "**" + worse.size() + "**:\n\n- " + String.join("\n- ", worse) + "\n\n");
    if (!otherwise.isEmpty()) {
      md.append("Other differences (a test that failed or was skipped without the agent):\n\n- ")
          .append(String.join("\n- ", otherwise)).append("\n\n");
    }
    problems.addAll(worse);

    List<Path> reports = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of(args[3]))) {
      files.filter(p -> p.toString().endsWith(".json")).sorted().forEach(reports::add);
    }
    long suppressed = 0;
    long leases = 0;
    Map<String, Long> findings = new TreeMap<>();
    List<String> instrumentationErrors = new ArrayList<>();
    for (Path report : reports) {
      Map<String, Object> root = map(JsonReader.parse(Files.readString(report)));
      Map<String, Object> summary = map(root.get("summary"));
      suppressed += number(summary.get("suppressedErrors"));
      leases += number(map(summary.get("leases")).get("opened"));
      for (Object e : list(summary.get("instrumentationErrors"))) {
        instrumentationErrors.add(String.valueOf(e));
      }
      for (Object f : list(root.get("findings"))) {
        Map<String, Object> finding = map(f);
        List<Object> frames = list(map(finding.get("site")).get("frames"));
        String key = finding.get("type") + " at " + (frames.isEmpty() ? "(no site)" : frames.get(0))
            + (finding.get("pool") == null ? "" : ", pool " + finding.get("pool"));
        findings.merge(key, Math.max(1, number(finding.get("count"))), Long::sum);
      }
    }
    if (reports.isEmpty()) {
      problems.add("connlens wrote no report in " + args[3]);
    }
    if (suppressed > 0) {
      problems.add(suppressed + " errors suppressed by connlens");
    }
    md.append(String.format(Locale.ROOT, "connlens's reports (%d, one per test JVM): %,d leases tracked, %d suppressed"
        + " errors, %d instrumentation errors, %d distinct findings.%n%n", reports.size(), leases, suppressed,
        instrumentationErrors.size(), findings.size()));
    if (!instrumentationErrors.isEmpty()) {
      md.append("Instrumentation errors:\n\n- ").append(String.join("\n- ", instrumentationErrors)).append("\n\n");
    }
    if (!findings.isEmpty()) {
      md.append("| finding, at the line that took the connection | occurrences |\n| --- | ---: |\n");
      findings.forEach((k, v) -> md.append("| ").append(k.replace("|", "\\|")).append(" | ").append(v).append(" |\n"));
      md.append('\n');
    }
    md.append(problems.isEmpty() ? "Result: **passed** (no test broken, nothing suppressed).\n"
        : "Result: **failed**:\n\n- " + String.join("\n- ", problems) + "\n");
    Files.writeString(Path.of(args[4]), md.toString());
    System.out.println(md);
    System.exit(problems.isEmpty() ? 0 : 1);
  }

  /** Each test case, {@code class#method}, and how it ended: passed, failed, error or skipped. */
  private static Map<String, String> outcomes(Path dir) throws Exception {
    Map<String, String> outcomes = new TreeMap<>();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> all = Files.list(dir)) {
      all.filter(p -> p.getFileName().toString().startsWith("TEST-") && p.toString().endsWith(".xml")).forEach(files::add);
    }
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    for (Path file : files) {
      NodeList cases = factory.newDocumentBuilder().parse(file.toFile()).getElementsByTagName("testcase");
      for (int i = 0; i < cases.getLength(); i++) {
        Element c = (Element) cases.item(i);
        String outcome = c.getElementsByTagName("failure").getLength() > 0 ? "failed"
            : c.getElementsByTagName("error").getLength() > 0 ? "error"
            : c.getElementsByTagName("skipped").getLength() > 0 ? "skipped" : "passed";
        outcomes.put(c.getAttribute("classname") + "#" + c.getAttribute("name"), outcome);
      }
    }
    return outcomes;
  }

  private static String counts(String run, Map<String, String> outcomes) {
    long passed = outcomes.values().stream().filter("passed"::equals).count();
    long failed = outcomes.values().stream().filter("failed"::equals).count();
    long errors = outcomes.values().stream().filter("error"::equals).count();
    long skipped = outcomes.values().stream().filter("skipped"::equals).count();
    return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d |%n", run, outcomes.size(), passed, failed, errors,
        skipped);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return value == null ? List.of() : (List<Object>) value;
  }

  private static long number(Object value) {
    return value instanceof Number ? ((Number) value).longValue() : 0;
  }
}
