package io.connlens.testapp.isolated;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The jars the isolated loaders load from: target/isolated/ beside this app's jar (the inventory
 * bundle, HikariCP, H2, SLF4J), never on the application class path.
 */
final class IsolatedJars {
  private IsolatedJars() {}

  static Path directory() {
    try {
      Path appJar = Path.of(IsolatedJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path directory = appJar.resolveSibling("isolated");
      if (!Files.isDirectory(directory)) {
        throw new IllegalStateException("no " + directory + ": build the test apps first (mvn package)");
      }
      return directory;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One jar, by its file name without version, e.g. {@code h2.jar}. */
  static Path jar(String fileName) {
    Path jar = directory().resolve(fileName);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no " + jar + ": build the test apps first (mvn package)");
    }
    return jar;
  }

  /** Every jar, as URLs for a class loader. */
  static URL[] all() {
    try (Stream<Path> files = Files.list(directory())) {
      List<URL> urls = new ArrayList<>();
      for (Path jar : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".jar")).sorted()::iterator) {
        urls.add(jar.toUri().toURL());
      }
      return urls.toArray(new URL[0]);
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
