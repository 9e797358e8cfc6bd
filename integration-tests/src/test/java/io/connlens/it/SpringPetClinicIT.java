package io.connlens.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spring's PetClinic on Spring Boot 4 (MVC on embedded Tomcat, Spring Data JPA on Hibernate 7,
 * HikariCP "petclinic-pool", H2), started as users start it: {@code java -jar} on its Boot fat jar.
 * Its code lives in {@code org.springframework.samples.petclinic}, under the framework's own
 * namespace, and every page runs on Tomcat's request threads, with servlet, filter,
 * DispatcherServlet and open-in-view frames on the stack. The findings must still name the
 * application's lines and the JPA association behind each N+1, and Spring Boot's data.sql, run one
 * INSERT at a time at start-up, is no finding.
 */
@DisplayName("Spring PetClinic app (Boot 4 fat jar)")
class SpringPetClinicIT {
  private static final TestApp APP = TestApp.SPRING_PETCLINIC;
  private static final String POOL = "petclinic-pool";
  /** Rows of data.sql: one query per owner for its pets, per pet for its visits, per vet for the rest. */
  private static final int OWNERS = 10;
  private static final int PETS = 13;
  private static final int VETS = 6;
  private static final List<String> PAGES = List.of("/owners?lastName=", "/vets", "/vets/workload", "/leak");
  /** Where a request thread's stack starts: never the line a finding should name. */
  private static final List<String> WEB_CONTAINER_PREFIXES =
      List.of("jakarta.servlet.", "org.apache.catalina.", "org.springframework.web.", "org.apache.tomcat.");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PORT_LINE = Pattern.compile("(?m)^PORT (\\d+)$");
  /** How long a gauge may take to show a change: the agent's snapshot is taken about once a second. */
  private static final Duration METRIC_DEADLINE = Duration.ofSeconds(30);

  /** H2 on every JDK from 17 on (Spring Boot 4 needs 17). */
  static List<Target> h2OnEveryJdk() {
    return SpringJpaAppIT.h2OnEveryJdk();
  }

  @Test
  void theAppIsABootFatJarStartedThroughBootsLauncher() throws IOException {
    // given: the module's build
    // when: the jar's manifest is read
    Manifest manifest;
    try (JarFile jar = new JarFile(APP.jar().toFile())) {
      manifest = jar.getManifest();
      // then: its libraries are inside it
      assertThat(jar.stream().map(entry -> entry.getName()))
          .anyMatch(name -> name.startsWith("BOOT-INF/lib/hibernate-core-"))
          .anyMatch(name -> name.startsWith("BOOT-INF/lib/tomcat-embed-core-"))
          .anyMatch(name -> name.startsWith("BOOT-INF/lib/HikariCP-"))
          .contains("BOOT-INF/classes/org/springframework/samples/petclinic/PetClinicApplication.class");
    }
    // and java -jar runs Boot's launcher, which runs the app
    Attributes main = manifest.getMainAttributes();
    assertThat(main.getValue("Main-Class")).isEqualTo("org.springframework.boot.loader.launch.JarLauncher");
    assertThat(main.getValue("Start-Class")).isEqualTo(APP.mainClass());
    assertThat(APP.launchArguments(null)).containsExactly("-jar", APP.jar().toString());
    assertThat(APP.jar().resolveSibling("lib"))
        .as("no target/lib beside the fat jar, so nothing can run the app with -cp by mistake").doesNotExist();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("h2OnEveryJdk")
  void eachNPlusOneNamesTheApplicationLineAndTheAssociation(Target target) {
    // given: the owners, vets and vet workload pages, whose eager (and, in the workload's loop, lazy)
    // associations load one query per row, and a page that keeps its connection
    // when: each page is visited once over HTTP, in a QA-like run that captures every site
    AppRun run = launch(target, "clinic").agentArgs("site.capture=all").run();
    // then: the app ran as without the agent
    assertCompleted(run, "clinic");
    for (String page : PAGES) {
      assertThat(run.stdout()).as(run.context()).contains("GET " + page + " 200 ");
    }
    // and four N+1 bursts, on Tomcat's request threads, told apart by the statement Hibernate repeated
    List<ReportFinding> nPlusOnes = run.report().findings("N_PLUS_ONE");
    assertThat(nPlusOnes).as("four N_PLUS_ONE findings\n%s", run.context()).hasSize(4);
    ReportFinding ownerPets = withSql(run, nPlusOnes, "from pets ", "owner_id=?");
    ReportFinding petVisits = withSql(run, nPlusOnes, "from visits ", "pet_id=?");
    ReportFinding vetSpecialties = withSql(run, nPlusOnes, "from vet_specialties ", "vet_id=?");
    ReportFinding vetVisits = withSql(run, nPlusOnes, "from visits ", "vet_id=?");
    assertThat(ownerPets.executions()).as(run.context()).isEqualTo(OWNERS);
    assertThat(petVisits.executions()).as(run.context()).isEqualTo(PETS);
    assertThat(vetSpecialties.executions()).as(run.context()).isEqualTo(VETS);
    assertThat(vetVisits.executions()).as(run.context()).isEqualTo(VETS);
    assertThat(ownerPets.sourceSql()).as(run.context()).contains("from owners ");
    assertThat(vetSpecialties.sourceSql()).as(run.context()).contains("from vets ");
    assertThat(nPlusOnes).as(run.context())
        .allSatisfy(finding -> assertThat(finding.thread()).startsWith("http-nio-"))
        .allSatisfy(finding -> assertThat(finding.pool()).isEqualTo(POOL));
    // and the kept connection, never closed by the application, was closed when the application's
    // SpringApplication.exit closed the context and with it the pool: a leak the pool's shutdown
    // ended, not a connection open at exit (issue 9)
    ReportFinding leak = run.onlyFinding("LEAK_UNCLOSED");
    assertThat(leak.endedBy()).as(run.context()).isEqualTo("POOL_SHUTDOWN");
    assertThat(run.report().findingTypes()).as(run.context()).doesNotContain("OPEN_AT_EXIT");
    assertThat(leak.pool()).as(run.context()).isEqualTo(POOL);
    assertThat(leak.lastSql()).as(run.context()).isEqualTo("select count(*) from owners");
    assertThat(leak.thread()).as(run.context()).startsWith("http-nio-");

    // and what the user must see: every check is made, and the failures are listed together
    String owners = APP.markedFrame("owner.OwnerController", "findOwners", "// N+1:owners");
    String vets = APP.markedFrame("vet.VetController", "showVets", "// N+1:vets");
    String workload = APP.markedFrame("vet.VetWorkload", "visitsPerVet", "// N+1:vet-visits");
    String leakLine = APP.markedFrame("system.LeakController", "countOwners", "// ACQUIRE:leak");
    SoftAssertions softly = new SoftAssertions();
    expectNPlusOne(softly, ownerPets, "Owner.pets", owners);
    expectNPlusOne(softly, petVisits, "Pet.visits", owners);
    expectNPlusOne(softly, vetSpecialties, "Vet.specialties", vets);
    expectNPlusOne(softly, vetVisits, "Vet.visits", workload);
    softly.assertThat(leak.acquireFrame()).as("LEAK_UNCLOSED site.frames[0]").isEqualTo(leakLine);
    for (ReportFinding finding : run.report().findings()) {
      String first = finding.acquireFrame();
      softly.assertThat(WEB_CONTAINER_PREFIXES).as("%s site.frames[0] %s is not the web container's", finding.type(), first)
          .noneMatch(prefix -> first != null && first.startsWith(prefix));
    }
    // Spring Boot's initializer runs data.sql one INSERT at a time: not the application's writes
    softly.assertThat(run.report().findingTypes()).as("finding types").doesNotContain("UNBATCHED_WRITES");
    softly.assertThat(run.report().skippedBursts("initializer"))
        .as("summary.skippedBursts.initializer (the data.sql bursts)").isGreaterThanOrEqualTo(1);
    assertNoneFailed(softly, run);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("h2OnEveryJdk")
  void batchFetchingLeavesNoNPlusOne(Target target) {
    // given: the same pages but the leak, with hibernate.default_batch_fetch_size=16
    // when: with the agent's defaults
    AppRun run = launch(target, "clinic-batch-fetch").run();
    // then: every association is loaded in one query per page
    assertCompleted(run, "clinic-batch-fetch");
    for (String page : PAGES.subList(0, 3)) {
      assertThat(run.stdout()).as(run.context()).contains("GET " + page + " 200 ");
    }
    assertThat(run.report().findings("N_PLUS_ONE")).as("no N_PLUS_ONE\n%s", run.context()).isEmpty();
    // and data.sql is no finding either
    assertThat(run.report().findings("UNBATCHED_WRITES")).as("no UNBATCHED_WRITES\n%s", run.context()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("h2OnEveryJdk")
  void actuatorShowsThePoolGaugesAndTheFindingsCounter(Target target) throws Exception {
    // given: PetClinic with Spring Boot's actuator (metrics on Micrometer's global registry, Boot's
    // default), its pages visited once, the leaking page's connection still out
    RunningApp app = launch(target, "clinic-metrics").start().awaitStdoutLine("HOLDING");
    boolean released = false;
    try {
      readMetrics(app);
      released = true;
    } finally {
      if (!released) {
        app.signal("release"); // a failed check still lets the app end on its own
      }
    }
    // and the app ran as without the agent, no error suppressed
    AppRun run = app.signal("release").awaitExit();
    assertCompleted(run, "clinic-metrics");
    assertThat(run.report().findings("N_PLUS_ONE")).as(run.context()).hasSize(4);
  }

  private static void readMetrics(RunningApp app) throws Exception {
    Matcher port = PORT_LINE.matcher(app.stdout());
    assertThat(port.find()).as("a PORT line in\n%s", app.stdout()).isTrue();
    String base = "http://127.0.0.1:" + port.group(1) + "/actuator/metrics";
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    // when: the actuator is asked over HTTP, as a dashboard or a health check asks it
    // then: the pool's one connection out shows, once the agent's snapshot has it
    String activeUrl = base + "/connlens.pool.active?tag=pool:" + POOL;
    JsonNode active = awaitValue(http, activeUrl, 1.0);
    assertThat(active.path("name").asText()).isEqualTo("connlens.pool.active");
    // and every gauge and the counter are listed beside HikariCP's own meters, which Boot binds for the
    // same pool: connlens's names never clash with hikaricp.connections.*
    List<String> names = new ArrayList<>();
    get(http, base).path("names").forEach(name -> names.add(name.asText()));
    assertThat(names).as("/actuator/metrics names").contains("connlens.pool.connections", "connlens.pool.active",
        "connlens.pool.idle", "connlens.pool.max", "connlens.pool.pending", "connlens.pool.usage",
        "connlens.leases.open", "connlens.findings", "hikaricp.connections.active");
    // and the usage is active over the pool's maximum (spring.datasource.hikari.maximum-pool-size=5),
    // tagged with the pool's name and kind
    String usageBody = body(http, base + "/connlens.pool.usage");
    Files.writeString(app.runDirectory().resolve("connlens.pool.usage.json"), usageBody); // docs/export.md's sample
    JsonNode usage = JSON.readTree(usageBody);
    assertThat(value(usage)).as(usage.toString()).isEqualTo(0.2);
    assertThat(tagValues(usage, "pool")).as(usage.toString()).containsExactly(POOL);
    assertThat(tagValues(usage, "kind")).as(usage.toString()).containsExactly("hikaricp");
    assertThat(value(get(http, base + "/connlens.pool.max?tag=pool:" + POOL))).isEqualTo(5.0);
    assertThat(value(get(http, base + "/connlens.leases.open?tag=pool:" + POOL))).isEqualTo(1.0);
    // and connlens says what HikariCP says of its own pool, which fills itself to its maximum
    // (minimumIdle defaults to maximumPoolSize): one connection out, four idle
    awaitValue(http, base + "/connlens.pool.connections?tag=pool:" + POOL, 5.0);
    awaitValue(http, base + "/connlens.pool.idle?tag=pool:" + POOL, 4.0);
    assertThat(value(get(http, base + "/hikaricp.connections?tag=pool:" + POOL))).isEqualTo(5.0);
    assertThat(value(get(http, base + "/hikaricp.connections.active?tag=pool:" + POOL))).isEqualTo(1.0);
    assertThat(value(get(http, base + "/connlens.pool.pending?tag=pool:" + POOL))).isZero();
    // and the four N+1 bursts of the pages are counted by type
    awaitValue(http, base + "/connlens.findings?tag=type:N_PLUS_ONE", 4.0);

    // and Prometheus's endpoint has them under its names, beside HikariCP's
    String prometheus = body(http, "http://127.0.0.1:" + port.group(1) + "/actuator/prometheus");
    Files.writeString(app.runDirectory().resolve("prometheus.txt"), prometheus);
    String pool = "{kind=\"hikaricp\",pool=\"" + POOL + "\"}";
    assertThat(sample(prometheus, "connlens_pool_usage" + pool)).isEqualTo(0.2);
    assertThat(sample(prometheus, "connlens_pool_active" + pool)).isEqualTo(1.0);
    assertThat(sample(prometheus, "connlens_pool_max" + pool)).isEqualTo(5.0);
    assertThat(sample(prometheus, "connlens_pool_connections" + pool)).isEqualTo(5.0);
    assertThat(sample(prometheus, "connlens_findings_total{type=\"N_PLUS_ONE\"}")).isEqualTo(4.0);
    assertThat(sample(prometheus, "connlens_findings_total{type=\"LEAK_SUSPECTED\"}")).isZero();
    assertThat(sample(prometheus, "hikaricp_connections_active{pool=\"" + POOL + "\"}")).isEqualTo(1.0);
  }

  /** The value of the Prometheus text format's {@code series} (name and labels as printed); fails when absent. */
  private static double sample(String exposition, String series) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
      }
    }
    return fail("no sample " + series + " in /actuator/prometheus:\n" + exposition);
  }

  /** The metric at {@code url} once its value is {@code expected}; fails with the last answer at the deadline. */
  private static JsonNode awaitValue(HttpClient http, String url, double expected) throws Exception {
    long deadline = System.nanoTime() + METRIC_DEADLINE.toNanos();
    String last;
    while (true) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      last = response.statusCode() + " " + response.body();
      if (response.statusCode() == 200) {
        JsonNode metric = JSON.readTree(response.body());
        if (value(metric) == expected) {
          return metric;
        }
      }
      if (System.nanoTime() - deadline >= 0) {
        return fail("GET " + url + " did not say " + expected + " within " + METRIC_DEADLINE.toSeconds()
            + " s; last answer: " + last);
      }
      Thread.sleep(100); // a poll interval, not a wait for something: the deadline bounds it
    }
  }

  private static JsonNode get(HttpClient http, String url) throws Exception {
    return JSON.readTree(body(http, url));
  }

  private static String body(HttpClient http, String url) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
    return response.body();
  }

  /** The {@code VALUE} (a gauge) or {@code COUNT} (a counter) measurement of an actuator metric, NaN when absent. */
  private static double value(JsonNode metric) {
    for (JsonNode measurement : metric.path("measurements")) {
      String statistic = measurement.path("statistic").asText();
      if (statistic.equals("VALUE") || statistic.equals("COUNT")) {
        return measurement.path("value").asDouble(Double.NaN);
      }
    }
    return Double.NaN;
  }

  private static List<String> tagValues(JsonNode metric, String tag) {
    List<String> values = new ArrayList<>();
    for (JsonNode available : metric.path("availableTags")) {
      if (available.path("tag").asText().equals(tag)) {
        available.path("values").forEach(value -> values.add(value.asText()));
      }
    }
    return values;
  }

  /** The one finding whose SQL contains every part; fails with the run otherwise. */
  private static ReportFinding withSql(AppRun run, List<ReportFinding> findings, String... parts) {
    List<ReportFinding> found = findings.stream()
        .filter(finding -> finding.sql() != null && Stream.of(parts).allMatch(finding.sql()::contains))
        .toList();
    assertThat(found).as("exactly one N_PLUS_ONE whose sql contains %s\n%s", List.of(parts), run.context())
        .hasSize(1);
    return found.get(0);
  }

  private static void expectNPlusOne(SoftAssertions softly, ReportFinding finding, String association, String frame) {
    softly.assertThat(finding.executionFrame()).as("%s N_PLUS_ONE site.frames[0]", association).isEqualTo(frame);
    softly.assertThat(finding.siteApplicationFrame()).as("%s N_PLUS_ONE site.applicationFrame", association).isTrue();
    softly.assertThat(finding.association()).as("%s N_PLUS_ONE association", association).isEqualTo(association);
    // the console prints the JSON's hint as "fix:"
    softly.assertThat(Stream.of(finding.message(), finding.fix(), finding.hint()))
        .as("%s N_PLUS_ONE message, fix or hint naming the association", association)
        .anyMatch(text -> text != null && text.contains(association));
  }

  /** Fails with every error {@code softly} collected, then the run's context once. */
  private static void assertNoneFailed(SoftAssertions softly, AppRun run) {
    List<Throwable> errors = softly.errorsCollected();
    if (!errors.isEmpty()) {
      StringBuilder message = new StringBuilder(errors.size() + " of what the user must see is wrong:");
      for (int i = 0; i < errors.size(); i++) {
        message.append("\n").append(i + 1).append(") ").append(errors.get(i).getMessage().strip());
      }
      fail(message.append("\n").append(run.context()).toString());
    }
  }

  private static void assertCompleted(AppRun run, String scenario) {
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).contains("SCENARIO " + scenario + " DONE");
  }

  private static AppLauncher launch(Target target, String scenario) {
    return AppLauncher.of(APP, target).scenario(scenario);
  }
}
