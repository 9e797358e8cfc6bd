package io.connlens.testapp.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.example.shop.Shop;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * Runs the shop's tests as a build tool's test JVM does: the JUnit Platform launcher, JUnit's XML
 * reports in junit-reports/ (the format Surefire writes), exit status 1 when a test failed.
 *
 * <p>{@code SuiteMain SCENARIO JDBC_URL}: {@code annotated} runs the classes that declare
 * {@code @ExtendWith(ConnlensExtension.class)}; {@code autodetect} runs one that does not, with JUnit's
 * extension auto-detection on.
 */
public final class SuiteMain {
  private SuiteMain() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: SuiteMain annotated|autodetect JDBC_URL");
      System.exit(2);
    }
    String scenario = args[0];
    System.setProperty(Shop.URL_PROPERTY, args[1]);
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
    switch (scenario) {
      case "annotated":
        request.selectors(classes("com.example.shop.OrderRepositoryTest", "com.example.shop.ClassConnectionTest",
            "com.example.shop.ClassLeakTest"));
        break;
      case "autodetect":
        request.selectors(classes("com.example.shop.AutodetectedTest"))
            .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true");
        break;
      default:
        System.err.println("unknown scenario " + scenario);
        System.exit(2);
        return;
    }
    LauncherDiscoveryRequest discovery = request.build();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    LegacyXmlReportGeneratingListener xml =
        new LegacyXmlReportGeneratingListener(Path.of("junit-reports"), new PrintWriter(System.err, true));
    Launcher launcher = LauncherFactory.create();
    launcher.execute(discovery, summary, xml);
    TestExecutionSummary result = summary.getSummary();
    for (TestExecutionSummary.Failure failure : result.getFailures()) {
      System.out.println("FAILED " + failure.getTestIdentifier().getDisplayName() + ": "
          + String.valueOf(failure.getException().getMessage()).lines().findFirst().orElse(""));
    }
    System.out.println("SCENARIO " + scenario + " DONE tests=" + result.getTestsFoundCount() + " succeeded="
        + result.getTestsSucceededCount() + " failed=" + result.getTotalFailureCount());
    System.exit(result.getTotalFailureCount() == 0 ? 0 : 1);
  }

  private static List<ClassSelector> classes(String... names) {
    return java.util.Arrays.stream(names).map(name -> selectClass(name)).collect(java.util.stream.Collectors.toList());
  }
}
