package io.connlens.agent.application;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Infers the application's package from how the JVM was launched, for when {@code app.packages} is not
 * set: the main class of {@code java -cp … Main} or {@code java -m module/Main}, {@code Main-Class} of
 * {@code java -jar app.jar}, and {@code Start-Class} behind Spring Boot's launchers (a fat jar, a war,
 * or an exploded jar run with {@code -cp}). A main class that is a launcher of someone else's code (a
 * servlet container, a build tool's test runner, an IDE, an OSGi framework) tells nothing, and nothing
 * is inferred.
 */
public final class LaunchedApplication {

  /** Spring Boot's launchers (Boot 3.2+ and before), which run the manifest's {@code Start-Class}. */
  private static final List<String> SPRING_BOOT_LAUNCHERS = List.of(
      "org.springframework.boot.loader.launch.JarLauncher", "org.springframework.boot.loader.launch.WarLauncher",
      "org.springframework.boot.loader.launch.PropertiesLauncher", "org.springframework.boot.loader.JarLauncher",
      "org.springframework.boot.loader.WarLauncher", "org.springframework.boot.loader.PropertiesLauncher");

  /**
   * Main classes that launch code they do not own: the package of such a main class is not the
   * application's. A servlet container's applications are told apart by the infrastructure prefixes.
   */
  private static final List<String> FOREIGN_LAUNCHERS = List.of(
      "java", "javax", "jdk", "sun", "com.sun", "org.springframework.boot.loader",
      "org.apache.catalina", "org.apache.tomcat", "org.eclipse.jetty", "io.undertow", "org.wildfly", "org.jboss",
      "com.ibm.ws", "org.glassfish", "com.sun.enterprise", "org.apache.tomee", "org.apache.openejb",
      "org.apache.maven", "org.codehaus.plexus.classworlds", "org.gradle", "worker.org.gradle",
      "com.intellij", "org.jetbrains", "org.eclipse.jdt", "org.eclipse.equinox", "org.eclipse.osgi",
      "org.eclipse.core", "org.apache.felix", "org.apache.karaf", "org.junit", "junit", "org.testng",
      "org.apache.tools.ant", "io.quarkus.bootstrap", "io.quarkus.runner", "io.quarkus.runtime",
      "kotlin", "scala.tools", "groovy.ui", "org.codehaus.groovy.tools", "clojure", "org.openjdk.jmh",
      "com.oracle.svm", "org.graalvm");

  private final String mainClass;
  private final String how;

  private LaunchedApplication(String mainClass, String how) {
    this.mainClass = mainClass;
    this.how = how;
  }

  /** The application's main class, as inferred. */
  public String mainClass() {
    return mainClass;
  }

  /** How it was found, e.g. {@code "Start-Class of /srv/app.jar"}, for the report. */
  public String how() {
    return how;
  }

  /**
   * The prefix that is the application: the main class's package, or the class itself when it is in
   * the unnamed package.
   */
  public String packagePrefix() {
    int dot = mainClass.lastIndexOf('.');
    return dot < 0 ? mainClass : mainClass.substring(0, dot);
  }

  /**
   * The application packages of this JVM: {@code configured} when set, else the inferred ones.
   *
   * @param configured {@code app.packages}, or {@code null} when not set
   * @param excluded {@code app.packages.exclude}, or {@code null} when not set
   */
  public static ApplicationPackages packages(List<String> configured, List<String> excluded) {
    if (excluded == null) {
      excluded = List.of();
    }
    if (configured != null && !configured.isEmpty()) {
      return new ApplicationPackages(configured, excluded, "app.packages");
    }
    LaunchedApplication app = ofThisJvm();
    if (app == null) {
      return new ApplicationPackages(List.of(), excluded, "none: not inferred from the launch");
    }
    return new ApplicationPackages(List.of(app.packagePrefix()), excluded, "inferred: " + app.how());
  }

  /** The application this JVM runs, or {@code null} when the launch does not tell. Never throws. */
  public static LaunchedApplication ofThisJvm() {
    try {
      return infer(System.getProperty("sun.java.command"), System.getProperty("java.class.path"));
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  /**
   * Infers the application from the JVM's command ({@code sun.java.command}: the main class or the
   * jar, then the program arguments) and class path. {@code null} when they do not tell.
   */
  public static LaunchedApplication infer(String javaCommand, String classPath) {
    if (javaCommand == null || javaCommand.isBlank()) {
      return null;
    }
    String command = javaCommand.trim();
    Path jar = launchedJar(command);
    if (jar != null) {
      Manifest manifest = manifestOf(jar);
      if (manifest == null) {
        return null;
      }
      return fromManifest(manifest, "of " + jar);
    }
    int space = command.indexOf(' ');
    String main = space < 0 ? command : command.substring(0, space);
    if (isArchiveName(main)) {
      return null; // a jar that is gone or unreadable tells nothing
    }
    int slash = main.indexOf('/');
    if (slash >= 0) {
      main = main.substring(slash + 1); // java -m module/main.Class
    }
    if (!ApplicationPackages.isQualifiedName(main)) {
      return null;
    }
    if (SPRING_BOOT_LAUNCHERS.contains(main)) {
      return startClassOnClassPath(classPath);
    }
    return ofMainClass(main, "main class");
  }

  private static LaunchedApplication fromManifest(Manifest manifest, String where) {
    Attributes attributes = manifest.getMainAttributes();
    String main = value(attributes, "Main-Class");
    String start = value(attributes, "Start-Class");
    if (start != null && (main == null || SPRING_BOOT_LAUNCHERS.contains(main))) {
      return ofMainClass(start, "Start-Class " + where);
    }
    return main == null ? null : ofMainClass(main, "Main-Class " + where);
  }

  private static LaunchedApplication ofMainClass(String main, String how) {
    if (!ApplicationPackages.isQualifiedName(main) || ApplicationPackages.longestMatch(FOREIGN_LAUNCHERS, main) > 0) {
      return null;
    }
    return new LaunchedApplication(main, how + " " + main);
  }

  /** An exploded Spring Boot jar on the class path: the {@code Start-Class} of its manifest. */
  private static LaunchedApplication startClassOnClassPath(String classPath) {
    if (classPath == null) {
      return null;
    }
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path path = Paths.get(entry);
      Manifest manifest = Files.isDirectory(path) ? manifestIn(path) : manifestOf(path);
      if (manifest != null && value(manifest.getMainAttributes(), "Start-Class") != null) {
        return fromManifest(manifest, "of " + path);
      }
    }
    return null;
  }

  /**
   * The jar {@code java -jar} ran: the longest start of the command that names an existing file ending
   * in {@code .jar} or {@code .war} (a path may contain spaces, and so may the arguments after it).
   */
  private static Path launchedJar(String command) {
    Path found = null;
    for (int end = command.indexOf(' '); ; end = command.indexOf(' ', end + 1)) {
      String candidate = end < 0 ? command : command.substring(0, end);
      if (isArchiveName(candidate)) {
        try {
          Path path = Paths.get(candidate);
          if (Files.isRegularFile(path)) {
            found = path;
          }
        } catch (java.nio.file.InvalidPathException e) {
          // not a path: a main class argument that happens to end in .jar
        }
      }
      if (end < 0) {
        return found;
      }
    }
  }

  /** Whether {@code name} ends in {@code .jar} or {@code .war}, in any case: what {@code java -jar} runs. */
  private static boolean isArchiveName(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    return lower.endsWith(".jar") || lower.endsWith(".war");
  }

  private static Manifest manifestOf(Path jar) {
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      return file.getManifest();
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  private static Manifest manifestIn(Path directory) {
    Path file = directory.resolve("META-INF").resolve("MANIFEST.MF");
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (InputStream in = Files.newInputStream(file)) {
      return new Manifest(in);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  private static String value(Attributes attributes, String name) {
    String value = attributes.getValue(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
