package io.connlens.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The shaded agent jar itself: Byte Buddy lives only under {@value #SHADED}, in the base entries and
 * in the Multi-Release ones ({@code META-INF/versions/N/}) alike, and the versioned classes load on
 * the JDKs they are for. An unrelocated {@code net/bytebuddy} entry could clash with an
 * application's own Byte Buddy, and a versioned class whose path was not relocated never loads. The
 * POM installed with it lists neither Byte Buddy nor the bootstrap classes, which the jar holds.
 */
@DisplayName("agent jar")
class AgentJarIT {
  private static final String SHADED = "io/connlens/agent/shaded/";
  private static final Pattern VERSIONED_SHADED_CLASS =
      Pattern.compile("META-INF/versions/(\\d+)/(" + Pattern.quote(SHADED) + "net/bytebuddy/[^$]+)\\.class");

  static List<Jdk> everyJdk() {
    return Jdk.underTest();
  }

  @Test
  void noEntryNamesByteBuddyOutsideTheShadedPackage() throws IOException {
    List<String> unrelocated = new ArrayList<>();
    for (String name : entries()) {
      int at = name.indexOf("net/bytebuddy");
      if (at >= 0 && !name.startsWith(SHADED + "net/bytebuddy", at - SHADED.length())) {
        unrelocated.add(name);
      }
    }
    assertThat(unrelocated).as("entries of %s that name net/bytebuddy outside %s", AppLauncher.agentJar(), SHADED)
        .isEmpty();
  }

  @Test
  void carriesTheApiRelocatedOnly() throws IOException {
    // an application with connlens-api of its own (the JUnit extension's) must never meet the agent's copy
    List<String> names = entries();
    assertThat(names).as("entries of %s", AppLauncher.agentJar())
        .noneMatch(name -> name.startsWith("io/connlens/api/"))
        .contains(SHADED + "api/ConnlensMXBean.class", SHADED + "api/report/Report.class");
  }

  @Test
  void carriesTheMicrometerBridgeButNoMicrometer() throws IOException {
    // the bridge links to the application's Micrometer: a copy in the agent would be a second,
    // unconfigured registry no endpoint shows
    List<String> names = entries();
    assertThat(names).as("entries of %s", AppLauncher.agentJar())
        .noneMatch(name -> name.contains("io/micrometer/"))
        .contains("io/connlens/agent/export/micrometer/bridge/MicrometerSink.class");
  }

  @Test
  void isMultiReleaseWithVersionedByteBuddyClassesUnderTheShadedPackage() throws IOException {
    try (JarFile jar = new JarFile(AppLauncher.agentJar().toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue(Attributes.Name.MULTI_RELEASE)).isEqualTo("true");
    }
    assertThat(versionedClass()).as("a versioned Byte Buddy class under %s", SHADED).isNotNull();
  }

  @Test
  void thePomToInstallListsNoDependencyTheJarHoldsAndNoneAtRuntime() throws Exception {
    // the shade plugin writes it beside the jar; mvn install installs it as the agent's POM
    Path pom = AppLauncher.agentJar().resolveSibling("dependency-reduced-pom.xml");
    assertThat(pom).as("the dependency-reduced POM").isRegularFile();
    Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    NodeList dependencies = document.getElementsByTagName("dependency");
    List<String> shipped = new ArrayList<>();
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      String scope = childText(dependency, "scope");
      // test and provided dependencies are not passed on to a user: provided ones are the libraries
      // the bridges link to in the application (SLF4J, Micrometer, the OpenTelemetry API)
      if (!"test".equals(scope) && !"provided".equals(scope)) {
        shipped.add(childText(dependency, "groupId") + ":" + childText(dependency, "artifactId") + " " + scope);
      }
    }
    assertThat(shipped).as("dependencies of %s a user of the agent would get", pom).isEmpty();
  }

  private static String childText(Element element, String name) {
    NodeList children = element.getElementsByTagName(name);
    return children.getLength() == 0 ? null : children.item(0).getTextContent().trim();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void aVersionedByteBuddyClassLoadsFromItsJdkOn(Jdk jdk) throws IOException, InterruptedException {
    Matcher versioned = versionedClass();
    assertThat(versioned).as("a versioned Byte Buddy class under %s", SHADED).isNotNull();
    int release = Integer.parseInt(versioned.group(1));
    String className = versioned.group(2).replace('/', '.');
    List<String> command = List.of(jdk.javaLauncher().toString(), "-cp",
        AppLauncher.agentJar() + File.pathSeparator + testClasses(), LoadClass.class.getName(), className);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(variable -> variable.startsWith("CONNLENS_")
        || variable.equals("JAVA_TOOL_OPTIONS") || variable.equals("JDK_JAVA_OPTIONS")
        || variable.equals("_JAVA_OPTIONS"));
    Process process = builder.start();
    if (!process.waitFor(RunningApp.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      fail(String.join(" ", command) + " did not exit within " + RunningApp.DEADLINE.toSeconds() + " s");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(output).as(String.join(" ", command))
        .isEqualTo((jdk.feature() >= release ? "loaded " : "absent ") + className + "\n");
  }

  private static Matcher versionedClass() throws IOException {
    for (String name : entries()) {
      Matcher matcher = VERSIONED_SHADED_CLASS.matcher(name);
      if (matcher.matches()) {
        return matcher;
      }
    }
    return null;
  }

  private static List<String> entries() throws IOException {
    try (JarFile jar = new JarFile(AppLauncher.agentJar().toFile())) {
      return jar.stream().map(entry -> entry.getName()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + AppLauncher.agentJar(), e);
    }
  }

  private static Path testClasses() {
    try {
      return Path.of(LoadClass.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Loads (without initializing) the class named by its argument, from the class path, and says so. */
  public static final class LoadClass {
    private LoadClass() {}

    public static void main(String[] args) {
      try {
        Class.forName(args[0], false, LoadClass.class.getClassLoader());
        System.out.println("loaded " + args[0]);
      } catch (ClassNotFoundException e) {
        System.out.println("absent " + args[0]);
      }
    }
  }
}
