package io.connlens.it;

import static io.connlens.it.TestDatabase.H2;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A shop's JUnit 5 suite with ConnlensExtension, in a JVM of its own under the agent, as a build's test
 * JVM runs it (the JUnit Platform launcher, JUnit's XML reports): the tests that leaked or ran an N+1
 * fail by name with the code that did it, the others pass, and the JVM ends with the suite's own status.
 */
@DisplayName("JUnit 5 extension")
class JUnitExtensionIT {
  /** What a QA run under the Maven plugin gives the agent: fail, but never end the test JVM. */
  private static final String QA_ARGS = "fail.on=leak,N_PLUS_ONE,fail.exit=false,app.packages=com.example.shop";
  private static final String SHOP = "com.example.shop.";

  static List<Target> everyJdkOnH2() {
    return Target.matrix(List.of(H2));
  }

  private static String frame(String className, String method, String marker) {
    return TestApp.frameIn("junit-suite-app", SHOP + className, method, marker);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkOnH2")
  void theTestsThatLeakedOrRanAnNPlusOneFailByNameWithTheirCode(Target target) {
    // given: four repository tests (one leaks, one loads items one query per order), a class that holds a
    // connection from @BeforeAll to @AfterAll, and one that never closes its @BeforeAll connection
    // when
    AppRun run = AppLauncher.of(TestApp.JUNIT_SUITE, target).scenario("annotated").agentArgs(QA_ARGS).run();

    // then: the suite's own status (1: tests failed), not connlens's 86: no test JVM is ended under a build
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(1);
    assertThat(run.stdout()).as(run.context()).contains("SCENARIO annotated DONE tests=6 succeeded=4 failed=3");
    Map<String, String> failures = failures(run);
    assertThat(failures.keySet()).as(run.context()).containsExactlyInAnyOrder(
        "OrderRepositoryTest#findsTheCustomerButLeaksTheConnection()",
        "OrderRepositoryTest#loadsFirstItemsOneQueryPerOrder()",
        "ClassLeakTest#usesTheClassConnection()");
    assertThat(failures.get("OrderRepositoryTest#findsTheCustomerButLeaksTheConnection()")).as(run.context())
        .contains("connlens: this test left 1 connection open")
        .contains("from pool shop-pool")
        .contains("last SQL: SELECT customer FROM orders WHERE id = ?")
        .contains("acquired at " + frame("OrderRepository", "customerOfLeaking", "// ACQUIRE:leak") + "\n")
        .contains(frame("OrderRepositoryTest", "findsTheCustomerButLeaksTheConnection", "// TEST:leak"));
    assertThat(failures.get("OrderRepositoryTest#loadsFirstItemsOneQueryPerOrder()")).as(run.context())
        .contains("connlens: N_PLUS_ONE during this test (fail.on)")
        .contains("12 times")
        .contains("SQL: SELECT name FROM items WHERE order_id = ?")
        .contains("at " + frame("OrderRepository", "firstItemsOneByOne", "// N+1:items"))
        .doesNotContain("left 1 connection open");
    // the class's connection fails the class, once its tests ran, and names the @BeforeAll method
    assertThat(failures.get("ClassLeakTest#usesTheClassConnection()")).as(run.context())
        .contains("connlens: this test class")
        .contains("acquired at " + frame("ClassLeakTest", "openShared", "// ACQUIRE:class-leak"));

    // and the agent's own report still has the verdict, with no status forced, and names the failed tests
    assertThat(run.report().failed()).as(run.context()).isTrue();
    assertThat(run.report().exitStatus()).as(run.context()).isNull();
    assertThat(run.report().tests()).as(run.context()).containsExactly(
        SHOP + "OrderRepositoryTest.findsTheCustomerButLeaksTheConnection() OPEN_AT_TEST_END "
            + frame("OrderRepository", "customerOfLeaking", "// ACQUIRE:leak"),
        SHOP + "OrderRepositoryTest.loadsFirstItemsOneQueryPerOrder() N_PLUS_ONE "
            + frame("OrderRepository", "firstItemsOneByOne", "// N+1:items"),
        SHOP + "ClassLeakTest OPEN_AT_TEST_END " + frame("ClassLeakTest", "openShared", "// ACQUIRE:class-leak"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkOnH2")
  void withAutoDetectionATestWithoutTheAnnotationIsCheckedToo(Target target) {
    // given: a class without @ExtendWith, run with junit.jupiter.extensions.autodetection.enabled=true
    // when
    AppRun run = AppLauncher.of(TestApp.JUNIT_SUITE, target).scenario("autodetect").agentArgs(QA_ARGS).run();
    // then
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(1);
    Map<String, String> failures = failures(run);
    assertThat(failures.keySet()).as(run.context()).containsExactly("AutodetectedTest#leaksWithoutAnnotation()");
    assertThat(failures.get("AutodetectedTest#leaksWithoutAnnotation()")).as(run.context())
        .contains("acquired at " + frame("OrderRepository", "customerOfLeaking", "// ACQUIRE:leak"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkOnH2")
  void withoutTheAgentTheExtensionSaysSoOnceAndChangesNothing(Target target) {
    // given: the same suite, no -javaagent
    // when
    AppRun run = AppLauncher.of(TestApp.JUNIT_SUITE, target).scenario("annotated").withoutAgent()
        .expect(AgentHealth.NO_REPORT).run();
    // then: every test passes, and one line says why none was checked
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).contains("SCENARIO annotated DONE tests=6 succeeded=6 failed=0");
    assertThat(failures(run)).as(run.context()).isEmpty();
    assertThat(run.stderr().lines().filter(line -> line.contains("connlens agent is not loaded")).count())
        .as(run.context()).isEqualTo(1);
  }

  /** The failed test cases of JUnit's XML reports, as {@code SimpleClass#method()}, with their messages. */
  private static Map<String, String> failures(AppRun run) {
    Map<String, String> failures = new LinkedHashMap<>();
    Path reports = run.runDirectory().resolve("junit-reports");
    try (Stream<Path> files = Files.list(reports)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".xml")).toList()) {
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        NodeList cases = xml.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
          Element testCase = (Element) cases.item(i);
          NodeList failed = testCase.getElementsByTagName("failure");
          if (failed.getLength() > 0) {
            String className = testCase.getAttribute("classname");
            failures.put(className.substring(className.lastIndexOf('.') + 1) + "#" + testCase.getAttribute("name"),
                ((Element) failed.item(0)).getAttribute("message"));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("no JUnit XML report in " + reports + "\n" + run.context(), e);
    } catch (Exception e) {
      throw new AssertionError("cannot read the JUnit XML reports in " + reports + "\n" + run.context(), e);
    }
    return failures;
  }
}
