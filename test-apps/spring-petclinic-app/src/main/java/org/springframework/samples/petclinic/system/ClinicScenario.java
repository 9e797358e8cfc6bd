package org.springframework.samples.petclinic.system;

import io.connlens.testapp.support.ScenarioConsole;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once the application is ready, calls its own pages over HTTP on the embedded Tomcat's port, each
 * once, as a browser would: the requests run on Tomcat's threads, through its filters, the
 * DispatcherServlet and the open-in-view interceptor. Prints {@code SCENARIO <name> DONE} when every
 * page answered 200; the exit status is 1 otherwise.
 */
@Component
class ClinicScenario implements ExitCodeGenerator {
  /** The pages the scenario "clinic" visits, in order. */
  static final List<String> CLINIC_PAGES = List.of("/owners?lastName=", "/vets", "/vets/workload", "/leak");
  /**
   * "clinic-batch-fetch": the same pages but the leak, under a Hibernate batch size ("clinic-attached" and
   * "clinic-metrics": all of them).
   */
  static final List<String> BATCH_FETCH_PAGES = CLINIC_PAGES.subList(0, 3);

  private final String scenario;
  private int exitCode;

  ClinicScenario(ApplicationArguments arguments) {
    this.scenario = arguments.getNonOptionArgs().get(0);
  }

  @EventListener
  void visitPages(ApplicationReadyEvent ready) throws InterruptedException {
    boolean attached = scenario.equals("clinic-attached");
    if (attached) {
      // started without the agent: the test attaches connlens now, then creates the file
      ScenarioConsole.ready();
      awaitFile("attached");
    }
    int port = ((WebServerApplicationContext) ready.getApplicationContext()).getWebServer().getPort();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    boolean allOk = true;
    for (String page : scenario.equals("clinic-batch-fetch") ? BATCH_FETCH_PAGES : CLINIC_PAGES) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + page))
          .timeout(Duration.ofSeconds(30)).GET().build();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        System.out.println("GET " + page + " " + response.statusCode() + " " + response.body());
        allOk &= response.statusCode() == 200;
      } catch (IOException e) {
        System.err.println("GET " + page + " failed: " + e);
        allOk = false;
      }
    }
    if (scenario.equals("clinic-metrics")) {
      // the test reads /actuator/metrics on this port while the leaking page's connection is out
      System.out.println("PORT " + port);
    }
    if (attached || scenario.equals("clinic-metrics")) {
      // the leaking page's connection is still out: the command line or the test looks at it now
      System.out.println("HOLDING");
      System.out.flush();
      awaitFile("release");
    }
    if (allOk) {
      ScenarioConsole.done(scenario);
    } else {
      exitCode = 1;
    }
  }

  /** Waits (60 s at most) for the file {@code name} in the working directory, which the test creates. */
  private static void awaitFile(String name) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (!java.nio.file.Files.exists(java.nio.file.Path.of(name))) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("no file '" + name + "' within 60 s");
      }
      Thread.sleep(20);
    }
  }

  @Override
  public int getExitCode() {
    return exitCode;
  }
}
