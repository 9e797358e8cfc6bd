package io.connlens.agent.detection;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.PinningService;
import com.zaxxer.hikari.TestPool;
import io.connlens.agent.application.ApplicationPackages;
import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.DataSourceInfo;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.registry.StackFrames;
import io.connlens.api.FindingType;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExhaustionDetectorTest {
  private static final String URL = "jdbc:postgresql://db:5432/shop";
  private static final long SECOND = 1_000_000_000L;

  /** {@link PinningService} is the application: its methods are the sites. */
  private static final StackFrames FRAMES = new StackFrames(new ApplicationPackages(
      List.of("com.example"), List.of(), "test"), StackFrames.DEFAULT_DEPTH, Modules.pools().packagePrefixes());

  private final FindingStore store = new FindingStore(System::currentTimeMillis);
  private final LeaseRegistry registry = new LeaseRegistry(new SiteCapture(SiteCapture.Mode.ALL, 1),
      FRAMES, Modules.pools(), System::currentTimeMillis);
  private final AtomicLong nanos = new AtomicLong(System.nanoTime());
  private final ExhaustionDetector detector = new ExhaustionDetector(registry, store, FRAMES, new HolderClassifier(FRAMES),
      80, 30 * SECOND, nanos::get);
  private final TestPool orders = new TestPool("orders", URL).maximumPoolSize(3);

  private List<Finding> ofType(FindingType type) {
    return store.findings().stream().filter(f -> f.type() == type).collect(Collectors.toList());
  }

  private DataSourceInfo pool() {
    DataSourceInfo info = registry.source(orders);
    info.resolveName(orders);
    return info;
  }

  private static SQLException hikariTimeout(Throwable cause) {
    return new SQLTransientConnectionException(
        "orders - Connection is not available, request timed out after 1000ms.", null, cause);
  }

  private void take() {
    registry.open(new Object(), pool(), URL, Thread.currentThread());
  }

  private void pinTwice() {
    PinningService.pinTwice(this::take);
  }

  private void pinOnce() {
    PinningService.pinOnce(this::take);
  }

  @Test
  void aBorrowFromAFullPoolIsHeadlinedByTheSiteHoldingTheMostConnections() {
    // given: one connection taken in pinOnce, earlier, and two in pinTwice
    pinOnce();
    pinTwice();
    orders.inUse(3, 1);
    // when a borrow times out
    PinningService.borrow(() -> detector.borrowFailed(pool(), URL, hikariTimeout(null), null, null));
    // then one POOL_EXHAUSTED at pinTwice, both sites listed, the failed borrow named apart
    Finding exhausted = ofType(FindingType.POOL_EXHAUSTED).get(0);
    assertThat(exhausted.site().topFrame()).contains("pinTwice");
    assertThat(exhausted.pool()).isEqualTo("orders");
    assertThat(exhausted.thread()).isNull();
    ExhaustionSnapshot snapshot = exhausted.exhaustion();
    assertThat(snapshot.groups()).extracting(ConnectionGroup::count).containsExactly(2, 1);
    assertThat(snapshot.groups().get(1).site().topFrame()).contains("pinOnce");
    assertThat(snapshot.groups().get(0).holders()).extracting(Holder::threadName)
        .containsExactly(Thread.currentThread().getName());
    assertThat(snapshot.failedThread()).isEqualTo(Thread.currentThread().getName());
    assertThat(snapshot.failedSite().topFrame()).contains("PinningService.borrow");
    assertThat(snapshot.maxSize()).isEqualTo(3);
    assertThat(snapshot.active()).isEqualTo(3);
    assertThat(snapshot.waiting()).isEqualTo(1);
    assertThat(exhausted.message()).contains("3 of 3 connections in use, 1 thread waiting; 2 were taken at the site below");
  }

  @Test
  void onATieTheSiteWithTheOldestConnectionIsTheHeadline() {
    pinOnce(); // the oldest
    PinningService.pinElsewhere(this::take);
    detector.borrowFailed(pool(), URL, hikariTimeout(null), null, null);
    assertThat(ofType(FindingType.POOL_EXHAUSTED).get(0).site().topFrame()).contains("pinOnce");
  }

  @Test
  void failuresOfOnePoolAndSiteAggregate() {
    pinTwice();
    detector.borrowFailed(pool(), URL, hikariTimeout(null), null, null);
    detector.borrowFailed(pool(), URL, hikariTimeout(null), null, null);
    assertThat(ofType(FindingType.POOL_EXHAUSTED)).hasSize(1);
    assertThat(ofType(FindingType.POOL_EXHAUSTED).get(0).count()).isEqualTo(2);
  }

  @Test
  void aPoolTimeoutCausedByTheServersRefusalIsTheServersLimitWithThePoolsConnections() {
    pinTwice();
    registry.openPhysical(new Object(), URL, "app", "orders", "orders connection adder");
    registry.openPhysical(new Object(), URL, "app", "orders", "orders connection adder");
    registry.openPhysical(new Object(), "jdbc:postgresql://other:5432/shop", "app", "orders", "adder");
    SQLException refused = new SQLException("FATAL: too many connections for role \"app\"", "53300");

    PinningService.borrow(() -> detector.borrowFailed(pool(), URL, hikariTimeout(refused), null, null));

    assertThat(ofType(FindingType.POOL_EXHAUSTED)).isEmpty();
    Finding limit = ofType(FindingType.SERVER_CONNECTION_LIMIT).get(0);
    assertThat(limit.message()).isEqualTo("the database server at db:5432/shop refused a new connection: too many"
        + " connections for role \"app\" (SQLState 53300); this JVM has 2 open connections to it");
    assertThat(limit.exhaustion().server()).isEqualTo("db:5432/shop");
    assertThat(limit.exhaustion().poolConnections()).containsExactly(java.util.Map.entry("orders", 2));
    assertThat(limit.exhaustion().directConnections()).isZero();
    assertThat(limit.site().topFrame()).contains("PinningService.borrow");
    assertThat(limit.thread()).isEqualTo(Thread.currentThread().getName());
  }

  @Test
  void aDirectConnectionRefusedShowsTheDirectConnectionsBySite() {
    // given: two DriverManager connections open to the server
    for (int i = 0; i < 2; i++) {
      Object connection = new Object();
      registry.openPhysical(connection, URL, "app", null, "main");
      registry.open(connection, DataSourceInfo.DRIVER_MANAGER, URL, Thread.currentThread());
    }
    // when DriverManager's third is refused (the driver's connect threw inside the borrow)
    SQLException refused = new SQLException("FATAL: sorry, too many clients already", "53300");
    detector.borrowFailed(DataSourceInfo.DRIVER_MANAGER, URL, refused, refused, URL);
    // and again from a pool's own thread, outside any borrow
    detector.connectFailed(URL, "orders", refused);

    List<Finding> limits = ofType(FindingType.SERVER_CONNECTION_LIMIT);
    assertThat(limits).hasSize(2);
    Finding direct = limits.stream().filter(f -> f.pool() == null).findFirst().orElseThrow();
    assertThat(direct.exhaustion().directConnections()).isEqualTo(2);
    assertThat(direct.exhaustion().groups()).extracting(ConnectionGroup::count).containsExactly(2);
    assertThat(direct.message()).contains("sorry, too many clients already (SQLState 53300)");
  }

  @Test
  void failuresThatAreNeitherAreNotReported() {
    pinTwice();
    detector.borrowFailed(pool(), URL, new SQLException("password authentication failed", "28P01"), null, null);
    detector.connectFailed(URL, null, new SQLException("Connection refused", "08001"));
    detector.borrowFailed(DataSourceInfo.DRIVER_MANAGER, URL, new SQLException("No suitable driver", "08001"), null, null);
    assertThat(store.findings()).isEmpty();
  }

  @Test
  void aTimeoutWithNothingHeldIsNoExhaustion() {
    orders.inUse(0, 0);
    detector.borrowFailed(pool(), URL, hikariTimeout(null), null, null);
    assertThat(store.findings()).isEmpty();
  }

  @Test
  void aPoolSaturatedForTheDurationIsReportedOncePerSpell() {
    // given: 3 of 3 in use (at least 80%)
    pinTwice();
    orders.inUse(3, 0);
    detector.scanSaturation();
    nanos.addAndGet(29 * SECOND);
    detector.scanSaturation();
    assertThat(ofType(FindingType.POOL_SATURATION)).isEmpty();
    // when the spell reaches 30 s, and goes on
    nanos.addAndGet(SECOND);
    detector.scanSaturation();
    nanos.addAndGet(60 * SECOND);
    detector.scanSaturation();
    // then one finding, headlined by the pinning site
    List<Finding> saturated = ofType(FindingType.POOL_SATURATION);
    assertThat(saturated).hasSize(1);
    assertThat(saturated.get(0).count()).isEqualTo(1);
    assertThat(saturated.get(0).site().topFrame()).contains("pinTwice");
    assertThat(saturated.get(0).message()).startsWith("the pool ran at 3 of 3 connections in use (100%,"
        + " pool.saturation.percent 80%) for 30.0 s");
    // when use drops below 80% (2 of 3), then rises for another 30 s: a second spell
    orders.inUse(2, 0);
    detector.scanSaturation();
    orders.inUse(3, 0);
    detector.scanSaturation();
    nanos.addAndGet(30 * SECOND);
    detector.scanSaturation();
    assertThat(ofType(FindingType.POOL_SATURATION).get(0).count()).isEqualTo(2);
  }

  @Test
  void aPoolThatDoesNotSayItsMaximumOrUseIsNeverJudged() {
    TestPool unsized = new TestPool("unsized", URL);
    DataSourceInfo info = registry.source(unsized);
    info.resolveName(unsized);
    registry.open(new Object(), info, URL, Thread.currentThread());
    unsized.inUse(10, 0);
    orders.maximumPoolSize(3);
    registry.open(new Object(), pool(), URL, Thread.currentThread()); // orders: use unknown (not started)
    for (int i = 0; i < 3; i++) {
      detector.scanSaturation();
      nanos.addAndGet(60 * SECOND);
    }
    assertThat(store.findings()).isEmpty();
  }
}
