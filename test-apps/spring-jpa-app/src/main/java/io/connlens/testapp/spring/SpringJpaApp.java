package io.connlens.testapp.spring;

import io.connlens.testapp.support.ScenarioConsole;
import java.util.List;
import java.util.Map;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application (Spring Data JPA on Hibernate 6, JdbcTemplate, Boot's HikariCP pool, no
 * web server) with one scenario per way of running statements:
 * {@code java io.connlens.testapp.spring.SpringJpaApp SCENARIO JDBC_URL}.
 *
 * <p>Each scenario's statements run in a method of its own, and the line that runs a repeated
 * statement carries a marker comment: {@code // N+1:<name>}, {@code // UNBATCHED:<name>} or
 * {@code // IDLE:<name>}. The integration tests look that line up to know the frame the agent must
 * name.
 */
@SpringBootApplication
public class SpringJpaApp implements CommandLineRunner {
  /** The fixes of the bug scenarios, and paging: none of them is a finding. */
  private static final List<String> CORRECT_SCENARIOS =
      List.of("jpa-join-fetch", "jdbc-template-in-list", "jdbc-batch-insert", "paging");
  /** Every scenario; "correct" runs the correct ones one after the other in one JVM. */
  private static final List<String> SCENARIOS = List.of("jpa-n-plus-one", "jpa-join-fetch",
      "jdbc-template-n-plus-one", "jdbc-template-in-list", "jpa-unbatched-inserts", "jdbc-batch-insert",
      "idle-transaction", "paging", "correct");
  private static final int IMPORTED_CUSTOMERS = 50;
  private static final long FIRST_ORDER_ID = 1;

  private final SeedData seedData;
  private final OrderReport orderReport;
  private final CustomerDirectory customerDirectory;
  private final CustomerImport customerImport;
  private final OrderRepricing orderRepricing;

  public SpringJpaApp(SeedData seedData, OrderReport orderReport, CustomerDirectory customerDirectory,
      CustomerImport customerImport, OrderRepricing orderRepricing) {
    this.seedData = seedData;
    this.orderReport = orderReport;
    this.customerDirectory = customerDirectory;
    this.customerImport = customerImport;
    this.orderRepricing = orderRepricing;
  }

  /** Runs {@code args[0]} (a scenario) against {@code args[1]} (a JDBC URL), then exits. */
  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !SCENARIOS.contains(args[0])) {
      ScenarioConsole.usage(SpringJpaApp.class.getName(), SCENARIOS,
          args.length == 0 ? "no scenario given" : "unknown scenario or missing URL");
    }
    RunSchema schema = RunSchema.create(args[1]);
    SpringApplication application = new SpringApplication(SpringJpaApp.class);
    application.setDefaultProperties(Map.of("spring.datasource.url", schema.applicationUrl()));
    ConfigurableApplicationContext context = application.run(args[0]);
    int status = SpringApplication.exit(context);
    schema.drop();
    System.exit(status);
  }

  @Override
  public void run(String... args) {
    String scenario = args[0];
    seedData.insert();
    for (String each : scenario.equals("correct") ? CORRECT_SCENARIOS : List.of(scenario)) {
      runScenario(each);
    }
    ScenarioConsole.done(scenario);
  }

  private void runScenario(String scenario) {
    switch (scenario) {
      case "jpa-n-plus-one":
        report(scenario, orderReport.customerNamesLoadedLazily().size() + " customer names");
        break;
      case "jpa-join-fetch":
        report(scenario, orderReport.customerNamesWithJoinFetch().size() + " customer names");
        break;
      case "jdbc-template-n-plus-one":
        report(scenario, customerDirectory.customerNamesOneQueryPerOrder().size() + " customer names");
        break;
      case "jdbc-template-in-list":
        report(scenario, customerDirectory.customerNamesWithInList().size() + " customer names");
        break;
      case "jpa-unbatched-inserts":
        customerImport.saveOneByOne(IMPORTED_CUSTOMERS);
        report(scenario, IMPORTED_CUSTOMERS + " customers saved one by one");
        break;
      case "jdbc-batch-insert":
        customerImport.insertInOneBatch(IMPORTED_CUSTOMERS);
        report(scenario, IMPORTED_CUSTOMERS + " customers inserted in one batch");
        break;
      case "idle-transaction":
        orderRepricing.repriceThenCallSlowService(FIRST_ORDER_ID);
        report(scenario, "order " + FIRST_ORDER_ID + " repriced, the transaction committed");
        break;
      case "paging":
        report(scenario, customerDirectory.orderTotalsPageByPage().size() + " order totals in "
            + CustomerDirectory.PAGES + " pages");
        break;
      default:
        throw new AssertionError(scenario);
    }
  }

  private static void report(String scenario, String result) {
    System.out.println(scenario + ": " + result);
  }
}
