package io.connlens.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.bootstrap.ConnlensHooks;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The trigger that puts Byte Buddy off until the first JDBC class: which class files start it (read
 * from real class files: a driver's connection, a pool, a class that only names {@code Timestamp}),
 * that it builds once, hands every later class to what it built, and lets a class loaded on another
 * thread wait for the build rather than slip past it.
 */
class JdbcClassTriggerTest {

  @Test
  void aDriverAPoolAndADaoStartIt() throws IOException {
    assertThat(JdbcClassTrigger.namesJdbcType("org/h2/jdbc/JdbcConnection", classFile("org.h2.jdbc.JdbcConnection")))
        .isTrue();
    assertThat(JdbcClassTrigger.namesJdbcType("com/zaxxer/hikari/HikariDataSource",
        classFile("com.zaxxer.hikari.HikariDataSource"))).isTrue();
    assertThat(JdbcClassTrigger.namesJdbcType("x/Dao", classFile(Dao.class.getName()))).isTrue();
  }

  @Test
  void aClassThatNamesOnlyOtherJavaSqlTypesDoesNot() throws IOException {
    byte[] timestampOnly = classFile(TimestampOnly.class.getName());
    assertThat(new String(timestampOnly, StandardCharsets.ISO_8859_1)).contains("java/sql/Timestamp");
    assertThat(JdbcClassTrigger.namesJdbcType("x/TimestampOnly", timestampOnly)).isFalse();
    assertThat(JdbcClassTrigger.namesJdbcType("x/Plain", classFile(Plain.class.getName()))).isFalse();
  }

  @Test
  void byNameTheJdbcInterfacesAndDriverManagerButNotTheRestOfTheJdk() {
    byte[] none = new byte[0];
    assertThat(JdbcClassTrigger.namesJdbcType("java/sql/DriverManager", none)).isTrue();
    assertThat(JdbcClassTrigger.namesJdbcType("javax/sql/DataSource", none)).isTrue();
    assertThat(JdbcClassTrigger.namesJdbcType("java/sql/Timestamp", "Ljava/sql/Connection;".getBytes(StandardCharsets.US_ASCII)))
        .isFalse();
  }

  @Property(tries = 300)
  void aTriggerNameAnywhereInAnyBytesIsFoundAndAPrefixOfOneIsNot(@ForAll @Size(max = 300) byte[] noise,
      @ForAll @IntRange(min = 0, max = 300) int at, @ForAll boolean inDescriptor) {
    int where = Math.min(at, noise.length);
    // as in a descriptor, or as a class constant followed by the next constant's tag byte
    String name = inDescriptor ? "(Ljava/sql/PreparedStatement;)V" : "javax/sql/DataSource\u0001";
    assertThat(JdbcClassTrigger.namesJdbcType("x/Y", splice(noise, where, name))).isTrue();
    // a longer name that starts like one (javax.sql.DataSourceFactory is no JDBC type connlens follows)
    byte[] longer = splice(noise, where, "javax/sql/DataSourceFactory");
    assertThat(JdbcClassTrigger.namesJdbcType("x/Y", longer)).isEqualTo(containsTrigger(longer));
  }

  @Test
  void buildsOnceAtTheFirstJdbcClassAndHandsItAndEveryLaterClassToWhatItBuilt() throws Exception {
    AtomicInteger builds = new AtomicInteger();
    List<String> seen = new ArrayList<>();
    ClassFileTransformer built = answering(name -> {
      seen.add(name);
      return new byte[] {1};
    });
    List<String> told = new ArrayList<>();
    AtomicReference<JdbcClassTrigger> self = new AtomicReference<>();
    JdbcClassTrigger trigger = new JdbcClassTrigger(() -> {
      builds.incrementAndGet();
      return built;
    }, () -> {
      // a retransformation while it prepares goes to what was built; a new class is not handed yet
      told.add("prepare " + new String(transform(self.get(), "x/Loader", new byte[0], Object.class), StandardCharsets.ISO_8859_1)
          .length() + " " + self.get().started());
    }, () -> told.add("started " + self.get().started()), failure -> { });
    self.set(trigger);

    assertThat(trigger.transform(null, null, "x/Plain", null, null, classFile(Plain.class.getName())))
        .isNull();
    assertThat(trigger.transform(null, null, "io/connlens/agent/Own", null, null, classFile(Dao.class.getName())))
        .isNull();
    assertThat(builds).hasValue(0);
    assertThat(trigger.started()).isFalse();

    assertThat(trigger.transform(null, null, "x/Dao", null, null, classFile(Dao.class.getName()))).containsExactly(1);
    assertThat(trigger.transform(null, null, "x/Plain", null, null, new byte[0])).containsExactly(1);
    assertThat(builds).hasValue(1);
    assertThat(told).containsExactly("prepare 1 false", "started true");
    assertThat(seen).containsExactly("x/Loader", "x/Dao", "x/Plain");
    assertThat(trigger.started()).isTrue();
  }

  @Test
  void aFailedBuildIsReportedOnceAndNotTriedAgain() throws Exception {
    AtomicInteger builds = new AtomicInteger();
    List<Throwable> failures = new ArrayList<>();
    JdbcClassTrigger trigger = new JdbcClassTrigger(() -> {
      builds.incrementAndGet();
      throw new IllegalStateException("no Byte Buddy today");
    }, () -> { }, () -> { }, failures::add);
    byte[] dao = classFile(Dao.class.getName());
    assertThat(trigger.transform(null, null, "x/Dao", null, null, dao)).isNull();
    assertThat(trigger.transform(null, null, "x/Dao2", null, null, dao)).isNull();
    assertThat(builds).hasValue(1);
    assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("no Byte Buddy today");
    assertThat(trigger.started()).isFalse();
  }

  @Test
  void aPreparationThatThrowsIsCountedAndTheInstrumentationStartsAllTheSame() throws Exception {
    long suppressedBefore = ConnlensHooks.suppressedErrors();
    List<String> started = new ArrayList<>();
    JdbcClassTrigger trigger = new JdbcClassTrigger(() -> answering(name -> new byte[] {7}), () -> {
      throw new IllegalStateException("a loader refused its retransformation");
    }, () -> started.add("started"), t -> { });
    assertThat(trigger.transform(null, null, "x/Dao", null, null, classFile(Dao.class.getName()))).containsExactly(7);
    assertThat(trigger.started()).isTrue();
    assertThat(started).containsExactly("started");
    assertThat(ConnlensHooks.suppressedErrors() - suppressedBefore).isEqualTo(1);
  }

  @Test
  void aJdbcClassOnAnotherThreadWaitsForTheBuildAndTheBuildersOwnClassesPassThrough() throws Exception {
    CountDownLatch building = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    byte[] dao = classFile(Dao.class.getName());
    AtomicReference<byte[]> nestedResult = new AtomicReference<>(new byte[] {9});
    AtomicReference<JdbcClassTrigger> self = new AtomicReference<>();
    JdbcClassTrigger trigger = new JdbcClassTrigger(() -> {
      try {
        // a class the build itself loads that names a JDBC type: must not wait for itself
        nestedResult.set(self.get().transform(null, null, "x/Nested", null, null, dao));
        building.countDown();
        assertThat(finish.await(10, TimeUnit.SECONDS)).isTrue();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return answering(name -> name.getBytes(StandardCharsets.US_ASCII));
    }, () -> { }, () -> { }, t -> { });
    self.set(trigger);

    CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> transform(trigger, "x/First", dao));
    assertThat(building.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<byte[]> second = CompletableFuture.supplyAsync(() -> transform(trigger, "x/Second", dao));
    CompletableFuture<byte[]> plain = CompletableFuture.supplyAsync(() -> transform(trigger, "x/Plain", new byte[0]));
    // a class that names no JDBC type does not wait; one that does, does
    assertThat(plain.get(10, TimeUnit.SECONDS)).isNull();
    assertThat(second).isNotDone();
    finish.countDown();
    assertThat(new String(first.get(10, TimeUnit.SECONDS), StandardCharsets.US_ASCII)).isEqualTo("x/First");
    assertThat(new String(second.get(10, TimeUnit.SECONDS), StandardCharsets.US_ASCII)).isEqualTo("x/Second");
    assertThat(nestedResult.get()).isNull();
  }

  /** A transformer that answers each class by its name. */
  private static ClassFileTransformer answering(Function<String, byte[]> byName) {
    return new ClassFileTransformer() {
      @Override
      public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
          ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        return byName.apply(className);
      }
    };
  }

  private static byte[] transform(JdbcClassTrigger trigger, String name, byte[] bytes) {
    return transform(trigger, name, bytes, null);
  }

  private static byte[] transform(JdbcClassTrigger trigger, String name, byte[] bytes, Class<?> redefined) {
    try {
      return trigger.transform(null, null, name, redefined, null, bytes);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean containsTrigger(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    for (String t : List.of("java/sql/Driver", "java/sql/Connection", "java/sql/Statement", "java/sql/PreparedStatement",
        "java/sql/CallableStatement", "javax/sql/DataSource", "javax/sql/PooledConnection", "javax/sql/XADataSource",
        "javax/sql/XAConnection", "javax/sql/ConnectionPoolDataSource", "java/sql/DriverManager")) {
      for (int i = text.indexOf(t); i >= 0; i = text.indexOf(t, i + 1)) {
        int end = i + t.length();
        if (end == text.length() || !isIdentifierPart(text.charAt(end))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isIdentifierPart(char c) {
    return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '$');
  }

  private static byte[] splice(byte[] into, int at, String text) {
    byte[] t = text.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[into.length + t.length];
    System.arraycopy(into, 0, out, 0, at);
    System.arraycopy(t, 0, out, at, t.length);
    System.arraycopy(into, at, out, at + t.length, into.length - at);
    return out;
  }

  private static byte[] classFile(String className) throws IOException {
    try (InputStream in = JdbcClassTriggerTest.class.getClassLoader()
        .getResourceAsStream(className.replace('.', '/') + ".class")) {
      assertThat(in).as(className).isNotNull();
      return in.readAllBytes();
    }
  }

  /** An application's DAO: it names {@code DataSource} in a field and nothing else of JDBC. */
  static final class Dao {
    javax.sql.DataSource dataSource;
  }

  /** Names no JDBC type at all. */
  static final class Plain {
    int count;
  }

  /** Names {@code java.sql.Timestamp} only, as JSON and logging libraries do. */
  static final class TimestampOnly {
    java.sql.Timestamp at;
  }
}
