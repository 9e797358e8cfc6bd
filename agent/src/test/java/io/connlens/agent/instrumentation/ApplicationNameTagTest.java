package io.connlens.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.testing.Frames;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLClientInfoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ApplicationNameTagTest {
  private final LeaseRegistry registry =
      new LeaseRegistry(new SiteCapture(SiteCapture.Mode.ALL, 1), Frames.STACK_FRAMES, Modules.pools(), System::currentTimeMillis);
  private final List<String> set = new ArrayList<>();

  private ConnectionTracker tracker(boolean tag) {
    return new ConnectionTracker(registry, null, status -> {}, error -> {
      throw new AssertionError("unexpected suppressed error", error);
    }, tag);
  }

  /** A connection that records what is set as its ApplicationName, starting from {@code initial}. */
  private Connection connection(String initial, boolean refuses) {
    String[] value = {initial};
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "getClientInfo":
              return value[0];
            case "setClientInfo":
              if (refuses) {
                throw new SQLClientInfoException();
              }
              set.add((String) args[1]);
              value[0] = (String) args[1];
              return null;
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            default:
              return null;
          }
        });
  }

  private void lease(ConnectionTracker tracker, Connection connection, String url) {
    Object token = tracker.acquireEnter(null, url);
    Object connect = tracker.connectEnter(new Object(), null);
    tracker.connectExit(null, url, new Properties(), connection, null, connect);
    tracker.acquireExit(null, url, connection, null, token);
  }

  private void close(ConnectionTracker tracker, Connection connection) {
    tracker.connectionClosing(connection);
    tracker.connectionClosed(connection, null);
  }

  @Test
  void aPostgresqlConnectionNamesItsSiteWhileLeasedAndGetsItsValueBack() {
    ConnectionTracker tracker = tracker(true);
    Connection connection = connection("PostgreSQL JDBC Driver", false);
    lease(tracker, connection, "jdbc:postgresql://db:5432/orders");
    String site = registry.openLeases().iterator().next().site().topFrame();
    close(tracker, connection);
    assertThat(set).containsExactly(ApplicationNameTag.tagOf(site), "PostgreSQL JDBC Driver");
    assertThat(set.get(0)).isNotEmpty().doesNotContain("io.connlens");
  }

  @Test
  void otherDatabasesAndTheTagSwitchedOffAreLeftAlone() {
    Connection h2 = connection("x", false);
    lease(tracker(true), h2, "jdbc:h2:mem:orders");
    close(tracker(true), h2);
    Connection postgres = connection("x", false);
    ConnectionTracker off = tracker(false);
    lease(off, postgres, "jdbc:postgresql://db:5432/orders");
    close(off, postgres);
    assertThat(set).isEmpty();
  }

  @Test
  void aConnectionThatRefusesKeepsItsValueAndTheApplicationSeesNothing() {
    ConnectionTracker tracker = tracker(true);
    Connection connection = connection("mine", true);
    lease(tracker, connection, "jdbc:postgresql://db:5432/orders");
    close(tracker, connection);
    assertThat(registry.leasesClosed()).isEqualTo(1);
    assertThat(set).isEmpty();
  }

  @Test
  void aTaggedConnectionDroppedWithoutCloseLeavesNothingBehind() throws Exception {
    ConnectionTracker tracker = tracker(true);
    java.lang.ref.WeakReference<Connection> dropped = leaseAndDrop(tracker);
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (dropped.get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(10); // waiting on the collector, with a deadline: nothing else tells when it ran
    }
    assertThat(dropped.get()).as("collected").isNull();
    registry.pollUnclosed();
    Connection next = connection("PostgreSQL JDBC Driver", false);
    lease(tracker, next, "jdbc:postgresql://db:5432/orders");
    assertThat(tagEntries(tracker)).isEqualTo(1);
    close(tracker, next);
    assertThat(tagEntries(tracker)).isZero();
  }

  private java.lang.ref.WeakReference<Connection> leaseAndDrop(ConnectionTracker tracker) {
    Connection connection = connection("PostgreSQL JDBC Driver", false);
    lease(tracker, connection, "jdbc:postgresql://db:5432/orders");
    return new java.lang.ref.WeakReference<>(connection);
  }

  /** The entries the tag keeps, read from the tracker's field: what must not grow. */
  private static int tagEntries(ConnectionTracker tracker) throws ReflectiveOperationException {
    java.lang.reflect.Field tagField = ConnectionTracker.class.getDeclaredField("applicationNameTag");
    tagField.setAccessible(true);
    ApplicationNameTag tag = (ApplicationNameTag) tagField.get(tracker);
    return tag.entries();
  }

  @Test
  void theTagIsTheFrameWithoutItsPackage() {
    assertThat(ApplicationNameTag.tagOf("com.acme.orders.OrderDao.find(OrderDao.java:42)"))
        .isEqualTo("OrderDao.find(OrderDao.java:42)");
    assertThat(ApplicationNameTag.tagOf("Main.main(Main.java:3)")).isEqualTo("Main.main(Main.java:3)");
    assertThat(ApplicationNameTag.tagOf("a.Outer$Inner.lambda$run$0(Outer.java:7)")).isEqualTo("Outer$Inner.lambda$run$0(Outer.java:7)");
  }

  @Property
  void anyFrameGivesPrintableAsciiOfAtMost63CharactersWithoutQuotes(@ForAll String frame) {
    String tag = ApplicationNameTag.tagOf(frame);
    assertThat(tag.length()).isLessThanOrEqualTo(ApplicationNameTag.MAX_BYTES);
    assertThat(tag.chars()).allMatch(c -> c >= 0x20 && c < 0x7f && c != '\'' && c != '\\');
  }
}
