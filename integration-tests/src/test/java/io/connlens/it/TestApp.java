package io.connlens.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A test app under test-apps/: where its built jar, runtime libraries and source are, and the
 * frames its findings must be reported with (acquire sites, lines that run statements). The
 * directory comes from the system property {@value #TEST_APPS_PROPERTY} that Failsafe sets.
 */
enum TestApp {
  PLAIN_JDBC("plain-jdbc-app", "connlens-plain-jdbc-app.jar", "io.connlens.testapp.plain.PlainJdbcApp"),
  HIKARI("hikari-app", "connlens-hikari-app.jar", "io.connlens.testapp.hikari.HikariApp"),
  /** An application that registers its own OpenTelemetry SDK and prints what it exported. */
  OTEL_SDK("otel-sdk-app", "connlens-otel-sdk-app.jar", "io.connlens.testapp.otelsdk.OtelSdkApp"),
  /** The app on the pool its target names: HikariCP, DBCP2, Tomcat DBCP, Tomcat JDBC, c3p0 or Agroal. */
  POOLS("pools-app", "connlens-pools-app.jar", "io.connlens.testapp.pools.PoolsApp"),
  /** A service in trouble on the pool its target names, started without the agent for a responder to attach to. */
  POOLS_INCIDENT("pools-app", "connlens-pools-app.jar", "io.connlens.testapp.pools.IncidentApp", "pools-incident"),
  /** DBCP2's PoolingDriver, every connection taken through DriverManager, as DBCP2's PoolingDriverExample shows. */
  POOLS_POOLING_DRIVER("pools-app", "connlens-pools-app.jar", "io.connlens.testapp.pools.PoolingDriverApp",
      "pools-pooling-driver"),
  /** A pooled PostgreSQL connection looked at from pg_stat_activity, for tag.application_name. */
  POOLS_APPLICATION_NAME("pools-app", "connlens-pools-app.jar", "io.connlens.testapp.pools.ApplicationNameApp",
      "pools-application-name"),
  /** A shop's JUnit 5 tests with ConnlensExtension, run through the JUnit Platform launcher with JUnit's XML reports. */
  JUNIT_SUITE("junit-suite-app", "connlens-junit-suite-app.jar", "io.connlens.testapp.junit.SuiteMain"),
  SPRING_JPA("spring-jpa-app", "connlens-spring-jpa-app.jar", "io.connlens.testapp.spring.SpringJpaApp"),
  /** The inventory bundle's code with HikariCP, in a loader that delegates only the JDK. */
  STRICT_LOADER("isolated-loaders-app", "connlens-isolated-loaders-app.jar",
      "io.connlens.testapp.isolated.StrictLoaderApp", "strict-loader"),
  /** The inventory bundle in Apache Felix. */
  FELIX("isolated-loaders-app", "connlens-isolated-loaders-app.jar", "io.connlens.testapp.isolated.FelixApp", "felix"),
  /** The inventory code as a JBoss Modules module. */
  JBOSS_MODULES("isolated-loaders-app", "connlens-isolated-loaders-app.jar",
      "io.connlens.testapp.isolated.JBossModulesApp", "jboss-modules"),
  /**
   * Spring's PetClinic on Spring Boot 4, in Spring's own package, started from its Boot fat jar as
   * users start it: {@code java -jar}, through Boot's JarLauncher and its class loader.
   */
  SPRING_PETCLINIC("spring-petclinic-app", "connlens-spring-petclinic-app.jar",
      "org.springframework.samples.petclinic.PetClinicApplication", "spring-petclinic-app", Launch.FAT_JAR);

  /** How an app's JVM is told what to run. */
  enum Launch {
    /** {@code -cp target/NAME.jar:target/lib/*... MAIN}: the app's jar and its libraries on the class path. */
    CLASS_PATH,
    /**
     * {@code -jar target/NAME.jar}: a Spring Boot fat jar, whose manifest names Boot's launcher as
     * Main-Class and the app's main class as Start-Class; its libraries are inside it.
     */
    FAT_JAR
  }

  static final String TEST_APPS_PROPERTY = "connlens.it.testApps.dir";

  private final String module;
  private final String jarName;
  private final String mainClass;
  private final String label;
  private final Launch launch;

  TestApp(String module, String jarName, String mainClass) {
    this(module, jarName, mainClass, module);
  }

  TestApp(String module, String jarName, String mainClass, String label) {
    this(module, jarName, mainClass, label, Launch.CLASS_PATH);
  }

  TestApp(String module, String jarName, String mainClass, String label, Launch launch) {
    this.module = module;
    this.jarName = jarName;
    this.mainClass = mainClass;
    this.label = label;
    this.launch = launch;
  }

  /** The class whose main method runs the app (for a fat jar: the manifest's Start-Class). */
  String mainClass() {
    return mainClass;
  }

  /**
   * The {@code java} arguments that say what to run, before the app's own arguments:
   * {@code -cp <class path> <main class>}, or {@code -jar <fat jar>}.
   *
   * @param hikari the HikariCP version; null for an app without a pool of its choosing
   */
  List<String> launchArguments(HikariVersion hikari) {
    if (launch == Launch.FAT_JAR) {
      return List.of("-jar", jar().toString());
    }
    String classPath = classPath(hikari).stream().map(Path::toString)
        .collect(Collectors.joining(File.pathSeparator));
    return List.of("-cp", classPath, mainClass);
  }

  /** target/NAME.jar: for a fat jar, the whole app. */
  Path jar() {
    return requireFile(moduleDirectory().resolve("target").resolve(jarName));
  }

  /**
   * The app's jar, then target/lib/*, then (for the hikari app) the chosen HikariCP jar.
   *
   * @param hikari the HikariCP version; null for an app without a pool
   */
  List<Path> classPath(HikariVersion hikari) {
    if (launch == Launch.FAT_JAR) {
      throw new IllegalStateException(this + " is a fat jar, started with -jar: it has no class path of its own");
    }
    Path target = moduleDirectory().resolve("target");
    List<Path> entries = new ArrayList<>();
    entries.add(jar());
    entries.addAll(jarsIn(target.resolve("lib")));
    if (this == HIKARI) {
      if (hikari == null) {
        throw new IllegalArgumentException("the hikari app needs a HikariCP version");
      }
      entries.addAll(jarsIn(target.resolve(hikari.directory())));
    }
    return entries;
  }

  /**
   * The frame the agent must report for a connection taken in {@code method}: for example
   * {@code io.connlens.testapp.plain.PlainJdbcApp.leakOnExceptionPath(PlainJdbcApp.java:N)}, N
   * being the line marked {@code // ACQUIRE:<marker>} in the app's source.
   */
  String acquireFrame(String method, String marker) {
    return markedFrame(mainClass.substring(mainClass.lastIndexOf('.') + 1), method, "// ACQUIRE:" + marker);
  }

  /**
   * The frame of the line that ends with {@code marker} (the whole comment, e.g.
   * {@code // N+1:jpa-lazy-loop}) in {@code method} of {@code relativeClassName}, a class in the main
   * class's package or, named with its subpackage ({@code owner.OwnerController}), below it: for
   * example {@code io.connlens.testapp.spring.OrderReport.customerNamesLoadedLazily(OrderReport.java:25)}.
   */
  String markedFrame(String relativeClassName, String method, String marker) {
    String className = mainClass.substring(0, mainClass.lastIndexOf('.') + 1) + relativeClassName;
    return frameIn(module, className, method, marker);
  }

  /**
   * The frame of the line ending with {@code marker} in {@code method} of {@code className}, whose
   * source is in the test-apps module {@code module} (for code an app runs from another module).
   */
  static String frameIn(String module, String className, String method, String marker) {
    String simpleClassName = className.substring(className.lastIndexOf('.') + 1);
    Path source = moduleDirectory(module).resolve("src/main/java").resolve(className.replace('.', '/') + ".java");
    int line = SourceMarker.lineOf(source, marker);
    return className + "." + method + "(" + simpleClassName + ".java:" + line + ")";
  }

  private Path moduleDirectory() {
    return moduleDirectory(module);
  }

  private static Path moduleDirectory(String module) {
    String testApps = System.getProperty(TEST_APPS_PROPERTY);
    if (testApps == null) {
      throw new IllegalStateException("system property " + TEST_APPS_PROPERTY
          + " is not set: run the integration tests through Maven (mvn verify)");
    }
    return Path.of(testApps).toAbsolutePath().normalize().resolve(module);
  }

  @Override
  public String toString() {
    return label;
  }

  private static Path requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(file + " is missing: build the test apps first (mvn package)");
    }
    return file;
  }

  private static List<Path> jarsIn(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
      if (jars.isEmpty()) {
        throw new IllegalStateException("no jar in " + directory + ": build the test apps first (mvn package)");
      }
      return jars;
    } catch (IOException e) {
      throw new UncheckedIOException(directory + " is not readable: build the test apps first (mvn package)", e);
    }
  }
}
