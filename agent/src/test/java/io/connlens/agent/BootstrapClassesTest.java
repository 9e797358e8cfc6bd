package io.connlens.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.bootstrap.ConnlensHooks;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The agent jar's boot classes are looked up by name: the names must be every class the bootstrap module has. */
class BootstrapClassesTest {
  private static final String PACKAGE_PATH = "io/connlens/bootstrap/";

  @Test
  void theNamedClassesAreEveryClassOfTheBootstrapModule() throws Exception {
    Set<String> named = new HashSet<>();
    for (String name : BootstrapClasses.CLASS_NAMES) {
      named.add(name + ".class");
    }
    assertThat(named).hasSameSizeAs(BootstrapClasses.CLASS_NAMES).isEqualTo(bootstrapModuleClasses());
  }

  /** The class files in io/connlens/bootstrap where the tests load ConnlensHooks from: the module's jar or classes. */
  private static Set<String> bootstrapModuleClasses() throws IOException, URISyntaxException {
    Path location = Path.of(ConnlensHooks.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> classes = new HashSet<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.list(location.resolve(PACKAGE_PATH))) {
        files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".class")).forEach(classes::add);
      }
      return classes;
    }
    try (JarFile jar = new JarFile(location.toFile())) {
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        String name = entries.nextElement().getName();
        if (name.startsWith(PACKAGE_PATH) && name.endsWith(".class") && name.indexOf('/', PACKAGE_PATH.length()) < 0) {
          classes.add(name.substring(PACKAGE_PATH.length()));
        }
      }
    }
    assertThat(classes).as("bootstrap classes at " + location).isNotEmpty();
    return classes;
  }
}
