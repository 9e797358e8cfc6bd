package io.connlens.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * An agent that does nothing, in a jar of its own: what the JVM itself charges for any
 * {@code -javaagent} (the instrument module, opening the jar, calling premain), the floor under
 * connlens's start-up cost ({@link StartupTime}).
 */
public final class NoopAgent {
  private NoopAgent() {}

  /** Does nothing. */
  public static void premain(String options, Instrumentation inst) {
    // nothing: the JVM's own cost of an agent is what is measured
  }

  /** Writes the one-class jar to {@code jar}; returns it. */
  static Path writeJar(Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", NoopAgent.class.getName());
    String entry = NoopAgent.class.getName().replace('.', '/') + ".class";
    Files.createDirectories(jar.toAbsolutePath().getParent());
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
        InputStream classFile = NoopAgent.class.getResourceAsStream("/" + entry)) {
      if (classFile == null) {
        throw new IOException("no " + entry + " beside " + NoopAgent.class.getName());
      }
      out.putNextEntry(new JarEntry(entry));
      classFile.transferTo(out);
      out.closeEntry();
    }
    return jar;
  }
}
