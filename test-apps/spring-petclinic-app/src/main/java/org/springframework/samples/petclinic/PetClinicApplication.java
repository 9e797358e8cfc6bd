package org.springframework.samples.petclinic;

import io.connlens.testapp.support.ScenarioConsole;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A web application shaped like Spring's PetClinic sample, in its package (Spring Boot 4, Spring MVC
 * on embedded Tomcat, Spring Data JPA on Hibernate 7, HikariCP, H2), started from its Boot fat jar:
 * {@code java -jar connlens-spring-petclinic-app.jar SCENARIO [JDBC_URL]}. The URL is an H2 one (the
 * jar carries no other driver); without it Boot starts an embedded H2 database in memory.
 *
 * <p>Scenarios: {@code clinic} visits the owners, vets and vet workload pages and the leaking page
 * once each, then exits; {@code clinic-batch-fetch} visits the same pages but the leaking one with
 * Hibernate's {@code default_batch_fetch_size} set to 16; {@code clinic-attached}, started without the
 * agent, says {@code READY}, waits for the file {@code attached}, visits the pages of {@code clinic},
 * says {@code HOLDING} with the leaking page's connection still out, and waits for {@code release};
 * {@code clinic-metrics}, started with the agent, visits the same pages, prints {@code PORT <port>} and
 * {@code HOLDING} with that connection still out, so that the test reads {@code /actuator/metrics}, and
 * waits for {@code release}. Lines the agent must name carry a marker
 * comment ({@code // N+1:<name>}, {@code // ACQUIRE:<name>}); the integration tests look them up.
 */
@SpringBootApplication
public class PetClinicApplication {
  private static final List<String> SCENARIOS = List.of("clinic", "clinic-batch-fetch", "clinic-attached",
      "clinic-metrics");
  private static final String BATCH_FETCH_SIZE = "16";

  /** Runs {@code args[0]} (a scenario), on {@code args[1]} (a JDBC URL) when given, then exits. */
  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2 || !SCENARIOS.contains(args[0])) {
      System.err.println(args.length == 0 ? "no scenario given" : "unknown scenario or too many arguments");
      System.err.println("usage: java -jar connlens-spring-petclinic-app.jar SCENARIO [JDBC_URL]");
      System.err.println("scenarios: " + String.join(", ", SCENARIOS));
      System.exit(ScenarioConsole.USAGE_EXIT_STATUS);
    }
    Map<String, Object> defaults = new HashMap<>();
    if (args.length == 2) {
      defaults.put("spring.datasource.url", args[1]);
    }
    if (args[0].equals("clinic-batch-fetch")) {
      defaults.put("spring.jpa.properties.hibernate.default_batch_fetch_size", BATCH_FETCH_SIZE);
    }
    SpringApplication application = new SpringApplication(PetClinicApplication.class);
    application.setDefaultProperties(defaults);
    ConfigurableApplicationContext context = application.run(args);
    System.exit(SpringApplication.exit(context));
  }
}
