package io.connlens.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * connlens beside the real OpenTelemetry Java agent (exporting to an {@link OtlpReceiver}) sees what
 * it sees alone: the HikariCP app's correct code gives 53 leases, all closed, no finding, the pool's
 * physical connections closed at its close(), in either {@code -javaagent} order and with connlens
 * as that agent's extension. With the OpenTelemetry agent first, connlens once saw no lease at all:
 * the classes that agent had transformed carry interfaces without a class file, which failed
 * connlens's type matching (see TypePoolCache).
 */
@DisplayName("connlens beside the OpenTelemetry agent")
class OtelAgentBesideConnlensIT {
  private static final String POOL = "orders-pool";

  @ParameterizedTest(name = "{0}")
  // the order that once lost every lease; OpenTelemetryExportIT runs the PetClinic service in all three
  @EnumSource(value = OtelAgent.Placement.class, names = "BEFORE_CONNLENS")
  void correctCodeGivesTheSameReportAsWithoutTheOtelAgent(OtelAgent.Placement placement) throws IOException {
    countsEveryLease(placement);
  }

  private static void countsEveryLease(OtelAgent.Placement placement) throws IOException {
    Target target = new Target(Jdk.underTest().get(0), TestDatabase.H2, HikariVersion.V7);
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      // given: the HikariCP app's correct code, the OTel agent exporting to the receiver
      // when
      AppRun run = AppLauncher.of(TestApp.HIKARI, target).scenario("correct")
          .otelAgent(placement, OtelAgent.exportingTo(receiver, "connlens-beside-otel"))
          .run();
      Files.writeString(run.runDirectory().resolve("otlp-received.txt"), receiver.describe());
      // then: the same as HikariAppIT.correctCodeHasNoFindings without the OTel agent
      assertThat(run.exitStatus()).as(run.context()).isZero();
      assertThat(run.report().findings()).as(run.context()).isEmpty();
      assertThat(run.report().leasesOpened()).as("leases opened\n%s", run.context()).isEqualTo(53);
      assertThat(run.report().leasesClosed()).as("leases closed\n%s", run.context()).isEqualTo(53);
      assertThat(run.report().pools()).as(run.context()).containsOnlyKeys(POOL);
      assertThat(run.report().pools().get(POOL).path("physicalConnections").path("open").asLong())
          .as(run.context()).isZero();
      // and the OTel agent's pipeline still works beside connlens: its JDBC spans reach the receiver
      receiver.awaitSpan("a JDBC span of the OTel agent", span -> span.scope().equals("io.opentelemetry.jdbc"),
          Duration.ofSeconds(30));
    }
  }
}
