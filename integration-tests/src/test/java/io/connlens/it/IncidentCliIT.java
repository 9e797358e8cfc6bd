package io.connlens.it;

import static io.connlens.it.TestDatabase.H2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An incident responder's session on a service started without the agent: {@code list},
 * {@code attach} (twice), {@code leases} (text and JSON), {@code watch}, {@code pools} and
 * {@code report}, each a {@code java -jar connlens-agent.jar} process of its own, as the responder
 * runs them. The service (test-apps pools-app {@code IncidentApp}) holds a connection taken before
 * the attach on a stuck worker and takes one more after it.
 */
@DisplayName("incident command line")
class IncidentCliIT {
  private static final TestApp APP = TestApp.POOLS_INCIDENT;
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The pools that tell which connections they have handed out, as the app configures them
   * (PoolSupport.checkedOut; Vibur only with its connection tracking on, docs/pools.md).
   */
  private static final Set<TestPool> TELL_CHECKED_OUT = Set.of(TestPool.HIKARI, TestPool.DBCP2, TestPool.TOMCAT_DBCP,
      TestPool.TOMCAT_JDBC, TestPool.C3P0, TestPool.AGROAL);
  /** Of those, the ones that also say since when (HikariCP only with a metrics tracker, Agroal only with leakTimeout). */
  private static final Set<TestPool> TELL_WHEN = Set.of(TestPool.DBCP2, TestPool.TOMCAT_DBCP, TestPool.TOMCAT_JDBC,
      TestPool.C3P0);

  /** Every pool on JDK 17, and HikariCP on the newest JDK under test after it. */
  static List<Target> targets() {
    List<Target> targets = new ArrayList<>(everyPoolOnJdk17());
    Optional<Jdk> newest = Jdk.underTest().stream().filter(jdk -> jdk.feature() > 17).max(Comparator.comparingInt(Jdk::feature));
    newest.ifPresent(jdk -> targets.addAll(Target.poolMatrix(jdk, H2, List.of(TestPool.HIKARI))));
    return targets;
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("targets")
  void aResponderAttachesAndSeesWhoHoldsTheConnections(Target target) throws IOException {
    // given: a service holding a connection on a stuck worker, started without connlens
    RunningApp app = AppLauncher.of(APP, target).scenario("held-across-attach").withoutAgent().start()
        .awaitStdoutLine("READY");
    String pid = String.valueOf(app.pid());
    Path dir = app.runDirectory();
    Jdk jdk = target.jdk();

    // when the responder lists the JVMs: the service is there, without connlens
    ConnlensCli.Result list = ConnlensCli.run(jdk, dir, "list");
    assertThat(list.exitStatus()).as(list.context()).isZero();
    assertThat(lineOf(list, pid)).as(list.context()).contains(" - ").contains("IncidentApp");

    // and attaches, with options that reach the agent intact (a path with a comma-free value, two keys)
    ConnlensCli.Result attach = ConnlensCli.run(jdk, dir, "attach", pid, "report=" + app.reportPath() + ",leak.threshold=10m");
    assertThat(attach.exitStatus()).as(attach.context()).isZero();
    assertThat(attach.stdout()).as(attach.context()).contains("attached to pid " + pid)
        .contains("site.capture=all");
    if (jdk.feature() >= 21) {
      assertThat(attach.stdout()).as(attach.context()).contains("JEP 451");
    }
    // a second attach is harmless and says so
    ConnlensCli.Result again = ConnlensCli.run(jdk, dir, "attach", pid);
    assertThat(again.exitStatus()).as(again.context()).isZero();
    assertThat(again.stdout()).as(again.context()).contains("already running in pid " + pid).contains("nothing changed");
    assertThat(lineOf(ConnlensCli.run(jdk, dir, "list"), pid)).contains("(attached)");

    // then the service takes a connection under connlens
    app.signal("attached").awaitStdoutLine("HOLDING");
    String afterAttach = APP.markedFrame("IncidentApp", "takeAfterAttach", "after-attach");

    // leases: the one taken after the attach with its line, the one from before as acquired before attach
    ConnlensCli.Result leases = ConnlensCli.run(jdk, dir, "leases", pid);
    assertThat(leases.exitStatus()).as(leases.context()).isZero();
    assertThat(leases.stdout()).as(leases.context()).contains("acquired at " + afterAttach)
        .contains("1 statement run, last: SELECT count(*) FROM connlens_orders")
        .contains("holder now: main");
    boolean tells = TELL_CHECKED_OUT.contains(target.pool());
    if (tells) {
      assertThat(leases.stdout()).as(leases.context()).contains("2 open leases (1 acquired before attach)")
          .contains("before attach  held");
    }

    // leases --json parses, and holds the same
    ConnlensCli.Result json = ConnlensCli.run(jdk, dir, "leases", pid, "--json");
    assertThat(json.exitStatus()).as(json.context()).isZero();
    JsonNode report = JSON.readTree(json.stdout());
    assertThat(report.path("schema").asText()).isEqualTo("connlens.report/v1");
    List<JsonNode> listed = StreamSupport.stream(report.path("leases").spliterator(), false).toList();
    List<JsonNode> tracked = listed.stream().filter(l -> !l.path("beforeAttach").asBoolean()).toList();
    assertThat(tracked).as(json.context()).hasSize(1);
    assertThat(tracked.get(0).path("site").path("frames").get(0).asText()).isEqualTo(afterAttach);
    assertThat(tracked.get(0).path("site").path("applicationFrame").asBoolean()).isTrue();
    assertThat(tracked.get(0).path("statements").asLong()).isEqualTo(1);
    assertThat(tracked.get(0).path("holder").path("thread").asText()).isEqualTo("main");
    List<JsonNode> before = listed.stream().filter(l -> l.path("beforeAttach").asBoolean()).toList();
    assertThat(before).as(json.context()).hasSize(tells ? 1 : 0);
    if (tells) {
      assertThat(before.get(0).path("heldMillis").asLong(-1)).as(json.context())
          .isGreaterThanOrEqualTo(TELL_WHEN.contains(target.pool()) ? 0 : -1);
      assertThat(before.get(0).path("pool").asText()).isEqualTo(target.pool().reportedName(target.database().url()));
      assertThat(listed.get(0)).as("longest held first").isEqualTo(before.get(0));
    }

    // the server's slots: the pool's own count includes the connections it opened before the attach
    if (target.pool() != TestPool.AGROAL) { // Agroal counts its connections only with its metrics on
      String name = target.pool().reportedName(target.database().url());
      JsonNode server = report.path("servers").get(0);
      assertThat(server.path("poolReported").get(0).path("pool").asText()).as(json.context()).isEqualTo(name);
      assertThat(server.path("poolReported").get(0).path("connections").asLong()).as(json.context())
          .isGreaterThanOrEqualTo(2);
    }

    // watch, two frames
    ConnlensCli.Result watch = ConnlensCli.run(jdk, dir, "watch", pid, "--count", "2", "--interval", "0.2");
    assertThat(watch.exitStatus()).as(watch.context()).isZero();
    assertThat(watch.stdout().split("connlens watch", -1)).as(watch.context()).hasSize(3);
    assertThat(watch.stdout()).as(watch.context()).contains(target.pool().reportedName(target.database().url()))
        .contains("top holders by acquire site").contains(afterAttach);
    assertThat(watch.stdout()).as("piped: frames one after another, no screen codes").doesNotContain("\u001b[");
    // and in a terminal it redraws the screen each frame
    ConnlensCli.Result terminal = ConnlensCli.runInTerminal(jdk, dir, "watch", pid, "--count", "2", "--interval", "0.2");
    assertThat(terminal.exitStatus()).as(terminal.context()).isZero();
    assertThat(terminal.stdout().split("\u001b\\[H\u001b\\[2J", -1)).as(terminal.context()).hasSize(3);
    assertThat(terminal.stdout()).as(terminal.context()).contains("top holders by acquire site");

    // pools and report
    ConnlensCli.Result pools = ConnlensCli.run(jdk, dir, "pools", pid);
    assertThat(pools.exitStatus()).as(pools.context()).isZero();
    assertThat(pools.stdout()).as(pools.context()).contains(target.pool().reportedName(target.database().url()));
    Path written = dir.resolve("now/report.json");
    ConnlensCli.Result reportNow = ConnlensCli.run(jdk, dir, "report", pid, "--out", written.toString());
    assertThat(reportNow.exitStatus()).as(reportNow.context()).isZero();
    assertThat(JSON.readTree(Files.readString(written)).path("leases").size()).isEqualTo(listed.size());

    // and the service ends as it would have without connlens, with a clean agent
    AppRun run = app.signal("release").awaitExit();
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).contains("SCENARIO held-across-attach DONE");
  }

  /** Every pool on JDK 17. */
  static List<Target> everyPoolOnJdk17() {
    return Jdk.underTest(17).map(jdk -> Target.poolMatrix(jdk, H2, TestPool.with(pool -> true))).orElse(List.of());
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("everyPoolOnJdk17")
  void anExhaustionAfterTheAttachIsExplainedByTheCodeThatPinnedTheConnections(Target target) throws IOException {
    // given: an attached service whose report job pins three of the pool's five connections, one stuck from before
    RunningApp app = AppLauncher.of(APP, target).scenario("exhausted-after-attach").withoutAgent().start()
        .awaitStdoutLine("READY");
    String pid = String.valueOf(app.pid());
    Path dir = app.runDirectory();
    ConnlensCli.Result attach = ConnlensCli.run(target.jdk(), dir, "attach", pid, "report=" + app.reportPath());
    assertThat(attach.exitStatus()).as(attach.context()).isZero();
    app.signal("attached").awaitStdoutLine("HOLDING");
    String reportJob = APP.markedFrame("IncidentApp", "pinForReport", "report-job");

    // when a request needs two connections and the pool has one left
    app.signal("exhaust").awaitStdoutLine("EXHAUSTED");

    // then the report now names the report job as what pinned the pool, and the request's borrow apart
    Path written = dir.resolve("exhausted.json");
    ConnlensCli.Result report = ConnlensCli.run(target.jdk(), dir, "report", pid, "--out", written.toString());
    assertThat(report.exitStatus()).as(report.context()).isZero();
    JsonNode root = JSON.readTree(Files.readString(written));
    List<JsonNode> exhausted = StreamSupport.stream(root.path("findings").spliterator(), false)
        .filter(f -> f.path("type").asText().equals("POOL_EXHAUSTED")).toList();
    assertThat(exhausted).as(Files.readString(written)).hasSize(1);
    JsonNode finding = exhausted.get(0);
    assertThat(finding.path("site").path("frames").get(0).asText()).isEqualTo(reportJob);
    assertThat(finding.path("holders").get(0).path("count").asInt()).isEqualTo(3);
    assertThat(finding.path("holders").get(0).path("threads").get(0).path("thread").asText()).isEqualTo("report-job");
    assertThat(finding.path("failedBorrow").path("site").path("frames").get(0).asText())
        .isEqualTo(APP.markedFrame("IncidentApp", "handleRequest", "request"));
    // and leases shows the same pinning site on top
    ConnlensCli.Result leases = ConnlensCli.run(target.jdk(), dir, "leases", pid);
    assertThat(leases.stdout()).as(leases.context()).contains("acquired at " + reportJob);

    AppRun run = app.signal("release").awaitExit();
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.onlyFinding("POOL_EXHAUSTED").acquireFrame()).isEqualTo(reportJob);
  }

  /** Spring's PetClinic on H2, on every JDK under test. */
  static List<Target> petClinic() {
    return SpringJpaAppIT.h2OnEveryJdk();
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("petClinic")
  void aSpringBootFatJarIsAttachedToThroughItsLauncherAndNamesTheLeakingLine(Target target) throws IOException {
    // given: PetClinic run as users run it (java -jar, Boot's launcher, its nested-jar class loader), no agent
    TestApp petClinic = TestApp.SPRING_PETCLINIC;
    RunningApp app = AppLauncher.of(petClinic, target).scenario("clinic-attached").withoutAgent().start()
        .awaitStdoutLine("READY");
    String pid = String.valueOf(app.pid());
    Path dir = app.runDirectory();
    ConnlensCli.Result attach = ConnlensCli.run(target.jdk(), dir, "attach", pid, "report=" + app.reportPath());
    assertThat(attach.exitStatus()).as(attach.context()).isZero();
    // when its pages are visited, one of them keeping its connection
    app.signal("attached").awaitStdoutLine("HOLDING");
    // then leases names the line in the application's package under Spring's namespace
    String leakLine = petClinic.markedFrame("system.LeakController", "countOwners", "// ACQUIRE:leak");
    ConnlensCli.Result json = ConnlensCli.run(target.jdk(), dir, "leases", pid, "--json");
    assertThat(json.exitStatus()).as(json.context()).isZero();
    List<JsonNode> open = StreamSupport.stream(JSON.readTree(json.stdout()).path("leases").spliterator(), false).toList();
    assertThat(open).as(json.context()).anySatisfy(lease -> {
      assertThat(lease.path("site").path("frames").get(0).asText()).isEqualTo(leakLine);
      assertThat(lease.path("site").path("applicationFrame").asBoolean()).isTrue();
      assertThat(lease.path("beforeAttach").asBoolean()).isFalse();
    });
    AppRun run = app.signal("release").awaitExit();
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).contains("SCENARIO clinic-attached DONE");
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("hikariOnJdk17")
  void aJvmStartedWithTheAgentAnswersWithoutAnAttach(Target target) throws IOException {
    // given: the same service started with -javaagent, as a prepared team runs it
    RunningApp app = AppLauncher.of(APP, target).scenario("held-across-attach").start().awaitStdoutLine("READY");
    String pid = String.valueOf(app.pid());
    Path dir = app.runDirectory();
    app.signal("attached").awaitStdoutLine("HOLDING");
    // then list says so, attach changes nothing, and leases has both connections, none from before an attach
    assertThat(lineOf(ConnlensCli.run(target.jdk(), dir, "list"), pid)).contains("(at start-up)");
    ConnlensCli.Result attach = ConnlensCli.run(target.jdk(), dir, "attach", pid, "leak.threshold=1s");
    assertThat(attach.stdout()).as(attach.context()).contains("already running in pid " + pid + " (loaded at start-up)")
        .contains("its options stay as they were");
    ConnlensCli.Result json = ConnlensCli.run(target.jdk(), dir, "leases", pid, "--json");
    assertThat(json.exitStatus()).as(json.context()).isZero();
    JsonNode leases = JSON.readTree(json.stdout()).path("leases");
    assertThat(leases.size()).as(json.context()).isEqualTo(2);
    assertThat(StreamSupport.stream(leases.spliterator(), false).noneMatch(l -> l.path("beforeAttach").asBoolean()))
        .as(json.context()).isTrue();
    AppRun run = app.signal("release").awaitExit();
    assertThat(run.exitStatus()).as(run.context()).isZero();
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("hikariOnJdk17")
  void aJvmThatRefusesTheAttachGetsAMessageThatSaysWhatToDo(Target target) {
    RunningApp app = AppLauncher.of(APP, target).scenario("held-across-attach").withoutAgent()
        .expect(AgentHealth.NO_REPORT).jvmOptions("-XX:+DisableAttachMechanism").start().awaitStdoutLine("READY");
    ConnlensCli.Result attach = ConnlensCli.run(target.jdk(), app.runDirectory(), "attach", String.valueOf(app.pid()));
    assertThat(attach.exitStatus()).as(attach.context()).isEqualTo(1);
    assertThat(attach.stderr()).as(attach.context()).contains("cannot attach to pid " + app.pid())
        .contains("-XX:+DisableAttachMechanism").contains("-javaagent");
    ConnlensCli.Result leases = ConnlensCli.run(target.jdk(), app.runDirectory(), "leases", String.valueOf(app.pid()));
    assertThat(leases.exitStatus()).as(leases.context()).isEqualTo(1);
    app.signal("attached").awaitStdoutLine("HOLDING");
    AppRun run = app.signal("release").awaitExit();
    assertThat(run.exitStatus()).as(run.context()).isZero();
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("hikariOnJdk17")
  void theVerbsOnAJvmWithoutConnlensSayToAttachFirst(Target target) {
    RunningApp app = AppLauncher.of(APP, target).scenario("held-across-attach").withoutAgent()
        .expect(AgentHealth.NO_REPORT).start().awaitStdoutLine("READY");
    for (String verb : List.of("leases", "watch", "pools", "report")) {
      ConnlensCli.Result result = ConnlensCli.run(target.jdk(), app.runDirectory(), verb, String.valueOf(app.pid()));
      assertThat(result.exitStatus()).as(result.context()).isEqualTo(1);
      assertThat(result.stderr()).as(result.context()).contains("connlens is not running in pid " + app.pid())
          .contains("attach " + app.pid());
    }
    app.signal("attached").awaitStdoutLine("HOLDING");
    AppRun run = app.signal("release").awaitExit();
    assertThat(run.exitStatus()).as(run.context()).isZero();
  }

  static List<Target> hikariOnJdk17() {
    return Jdk.underTest(17).map(jdk -> Target.poolMatrix(jdk, H2, List.of(TestPool.HIKARI))).orElse(List.of());
  }

  /** The line of {@code list}'s output for {@code pid}. */
  private static String lineOf(ConnlensCli.Result list, String pid) {
    return list.stdout().lines().filter(line -> line.startsWith(pid + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("pid " + pid + " is not listed\n" + list.context()));
  }
}
