package io.connlens.it;

import static io.connlens.it.TestDatabase.H2;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The HTML report of a real run, made by the command line and looked at in headless Chromium (Debian's
 * package): what a person opening it is shown, not what the file holds.
 */
@DisplayName("HTML report in Chromium")
class HtmlReportIT {
  private static final String SHOP = "com.example.shop.";

  @Test
  void thePageShowsTheVerdictTheTestsTheFindingsWithTheirCodeAndEachPoolOverTime() throws Exception {
    Optional<Path> chromium = HeadlessChromium.binary();
    if (chromium.isEmpty()) {
      String why = "no Chromium at /usr/bin/chromium (scripts/test.sh installs Debian's package when it may)";
      if (CiEnvironment.isCi()) {
        throw new AssertionError(why);
      }
      Assumptions.abort(why);
    }
    Target target = Target.matrix(List.of(H2)).get(0);
    // given: a JUnit suite under the QA options (a leak, an N+1, a class-level leak) ...
    AppRun suite = AppLauncher.of(TestApp.JUNIT_SUITE, target).scenario("annotated")
        .agentArgs("fail.on=leak,N_PLUS_ONE,fail.exit=false,app.packages=com.example.shop").run();
    // ... and a service that holds, forgets and leaks connections for a few seconds (the demo)
    AppRun demo = AppLauncher.of(TestApp.HIKARI, new Target(target.jdk(), H2, HikariVersion.values()[0]))
        .scenario("demo").agentArgs("leak.threshold=1s,site.capture=all").run();

    // when: the command line makes one page of both reports, and Chromium opens it
    Path page = suite.runDirectory().resolve("connlens-report.html");
    ConnlensCli.Result html = ConnlensCli.run(target.jdk(), suite.runDirectory(), "report", "--html",
        suite.runDirectory().resolve("connlens-report.json").toString(),
        demo.runDirectory().resolve("connlens-report.json").toString(), "--out", page.toString());
    assertThat(html.exitStatus()).as(html.context()).isZero();
    try (HeadlessChromium browser = new HeadlessChromium(chromium.get(), suite.runDirectory().resolve("chromium"))) {
      browser.open(page);
      String shown = browser.shownText();

      // then: the verdict and the counts at the top
      assertThat(shown).as(shown).contains("connlens report").contains("FAILED").contains("2 JVMs")
          .contains("TESTS FAILED BY CONNLENS");
      // the tests connlens failed, by name, with the line that took the connection
      assertThat(shown).as(shown)
          .contains(SHOP + "OrderRepositoryTest.findsTheCustomerButLeaksTheConnection()")
          .contains("left a connection open")
          .contains(TestApp.frameIn("junit-suite-app", SHOP + "OrderRepository", "customerOfLeaking", "// ACQUIRE:leak"))
          .contains(SHOP + "OrderRepositoryTest.loadsFirstItemsOneQueryPerOrder()");
      // the findings by type, with their SQL and frames
      assertThat(shown).as(shown).contains("N_PLUS_ONE").contains("SELECT name FROM items WHERE order_id = ?")
          .contains("LEAK_SUSPECTED").contains("LEAK_UNCLOSED").contains("OPEN_AT_EXIT")
          .contains(TestApp.HIKARI.markedFrame("HikariApp", "forgetToClose", "// ACQUIRE:dropped-reference"));
      // each pool, and the demo's pool drawn over time
      assertThat(shown).as(shown).contains("Pools").contains("shop-pool").contains("orders-pool over time");
      assertThat(browser.evaluate("document.querySelectorAll('svg polyline').length")).isNotEqualTo("0");
      assertThat(Double.parseDouble(browser.evaluate("document.querySelector('svg').getBoundingClientRect().width")))
          .isGreaterThan(300);
      // nothing outside the page was asked for
      assertThat(browser.evaluate("performance.getEntriesByType('resource').length")).isEqualTo("0");
      // the window's view is the picture in docs/qa.md
      browser.screenshotOfWindow(suite.runDirectory().resolve("connlens-report-top.png"));
      Path png = suite.runDirectory().resolve("connlens-report.png");
      browser.screenshot(png);
      assertThat(Files.size(png)).isGreaterThan(10_000);
    }
  }
}
