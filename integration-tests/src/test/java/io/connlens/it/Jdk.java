package io.connlens.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JDK the test apps run on. The JDKs under test come from the system property
 * {@value #JDKS_PROPERTY} (comma-separated JAVA_HOMEs); by default the JDK running the tests plus
 * {@value #DEFAULT_SECOND_JDK} when it is installed. In CI (env {@code CI=true}) fewer than two is a
 * failure: the agent must be proven on the newest JDK there, not only on the one Maven runs on.
 */
record Jdk(Path home, String version) {
  static final String JDKS_PROPERTY = "connlens.it.jdks";
  static final String DEFAULT_SECOND_JDK = "/usr/lib/jvm/temurin-25-jdk-amd64";

  private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"([^\"]+)\"", Pattern.MULTILINE);
  private static List<Jdk> underTest;

  /** The JDKs every scenario runs on, checked once. */
  static synchronized List<Jdk> underTest() {
    if (underTest == null) {
      underTest = List.copyOf(discover());
    }
    return underTest;
  }

  /** The JDK under test of feature release {@code feature} (e.g. 17), if one is. */
  static Optional<Jdk> underTest(int feature) {
    return underTest().stream().filter(jdk -> jdk.feature() == feature).findFirst();
  }

  /** The {@code java} launcher of this JDK. */
  Path javaLauncher() {
    return home.resolve("bin").resolve("java");
  }

  /** The feature release, e.g. 17 for "17.0.15". */
  int feature() {
    String first = version.split("[.+-]")[0];
    return Integer.parseInt(first);
  }

  @Override
  public String toString() {
    return "JDK " + feature();
  }

  private static List<Jdk> discover() {
    String configured = System.getProperty(JDKS_PROPERTY, "").trim();
    List<Path> homes = new ArrayList<>();
    if (configured.isEmpty()) {
      homes.add(Path.of(System.getProperty("java.home")));
      Path second = Path.of(DEFAULT_SECOND_JDK);
      if (Files.isDirectory(second)) {
        homes.add(second);
      }
    } else {
      for (String home : configured.split(",")) {
        if (!home.isBlank()) {
          homes.add(Path.of(home.trim()));
        }
      }
    }
    Map<Path, Jdk> byRealHome = new LinkedHashMap<>();
    for (Path home : homes) {
      Jdk jdk = of(home);
      byRealHome.putIfAbsent(realPath(home), jdk);
    }
    List<Jdk> jdks = new ArrayList<>(byRealHome.values());
    if (CiEnvironment.isCi() && jdks.size() < 2) {
      throw new IllegalStateException("CI must test the agent on at least two JDKs (the newest"
          + " included), found " + jdks + " from " + (configured.isEmpty()
          ? "java.home and " + DEFAULT_SECOND_JDK + " (missing)" : JDKS_PROPERTY + "=" + configured)
          + ". Install the JDK or set -D" + JDKS_PROPERTY + "=HOME1,HOME2.");
    }
    return jdks;
  }

  private static Jdk of(Path home) {
    Path launcher = home.resolve("bin").resolve("java");
    if (!Files.isExecutable(launcher)) {
      throw new IllegalStateException("not a JDK (no executable bin/java): " + home);
    }
    return new Jdk(home, readVersion(home));
  }

  private static String readVersion(Path home) {
    Path release = home.resolve("release");
    try {
      Matcher matcher = JAVA_VERSION.matcher(Files.readString(release));
      if (matcher.find()) {
        return matcher.group(1);
      }
      throw new IllegalStateException("no JAVA_VERSION in " + release);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the JDK version from " + release, e);
    }
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize();
    }
  }
}
