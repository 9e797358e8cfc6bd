package io.connlens.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Makes the bootstrap classes ({@code io.connlens.bootstrap}) boot-loader classes, so that advice
 * inlined into any class loader, {@code java.sql.DriverManager} and {@code java.lang.Runtime} included,
 * reaches the same hooks. Only those classes: the rest of the agent uses {@code java.sql}, which the
 * boot loader cannot see, and stays in the system loader.
 *
 * <p>The classes are defined directly in the boot loader. Appending a jar to the boot class path
 * would do too, but on a JVM with class data sharing it prints "Sharing is only supported for boot
 * loader classes because bootstrap classpath has been appended" and turns sharing off for the
 * application's classes: a visible change and a slower start. Appending stays as the fallback.
 */
final class BootstrapClasses {
  private static final String PACKAGE_PATH = "io/connlens/bootstrap/";
  /**
   * The classes of {@code io.connlens.bootstrap}, superclasses before subclasses, as the agent jar holds
   * them (BootstrapClassesTest checks the list against the bootstrap module's classes).
   */
  static final List<String> CLASS_NAMES = List.of("HookHandler", "HookHandler$1", "ConnlensHooks");

  private BootstrapClasses() {}

  static void install(Instrumentation inst) throws Exception {
    Map<String, byte[]> classes = read();
    if (classes.isEmpty()) {
      throw new IOException("no " + PACKAGE_PATH + " classes found beside " + BootstrapClasses.class.getName());
    }
    try {
      defineInBootLoader(inst, classes);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      appendAsJar(inst, classes);
    }
    for (String entry : classes.keySet()) {
      Class<?> loaded = Class.forName(className(entry), false, null);
      if (loaded.getClassLoader() != null) {
        throw new IllegalStateException(loaded.getName() + " was not defined by the boot loader");
      }
    }
  }

  /** Defines the classes with the JDK's internal {@code Unsafe.defineClass}, superclasses first. */
  private static void defineInBootLoader(Instrumentation inst, Map<String, byte[]> classes) throws ReflectiveOperationException {
    Module javaBase = Object.class.getModule();
    inst.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(BootstrapClasses.class.getModule())),
        Map.of(), Set.of(), Map.of());
    Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
    Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
    Method defineClass = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
        ClassLoader.class, java.security.ProtectionDomain.class);
    List<String> pending = new ArrayList<>(classes.keySet());
    // a class whose superclass is not defined yet fails; define the rest and come back to it
    for (int pass = 0; !pending.isEmpty(); pass++) {
      if (pass > classes.size()) {
        throw new IllegalStateException("could not define " + pending);
      }
      List<String> failed = new ArrayList<>();
      for (String entry : pending) {
        if (isDefined(className(entry))) {
          continue;
        }
        byte[] bytes = classes.get(entry);
        try {
          defineClass.invoke(unsafe, className(entry), bytes, 0, bytes.length, null, null);
        } catch (java.lang.reflect.InvocationTargetException e) {
          if (!(e.getCause() instanceof NoClassDefFoundError)) {
            throw e;
          }
          failed.add(entry);
        }
      }
      pending = failed;
    }
  }

  private static boolean isDefined(String className) {
    try {
      Class.forName(className, false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** The fallback: a jar in a fresh private directory, appended to the boot class path, then deleted. */
  private static void appendAsJar(Instrumentation inst, Map<String, byte[]> classes) throws IOException, ClassNotFoundException {
    Path dir = Files.createTempDirectory("connlens");
    Path jar = dir.resolve("connlens-bootstrap.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : classes.entrySet()) {
        jarOut.putNextEntry(new JarEntry(e.getKey()));
        jarOut.write(e.getValue());
        jarOut.closeEntry();
      }
    }
    inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
    for (String entry : classes.keySet()) {
      Class.forName(className(entry), false, null);
    }
    try {
      // the JVM keeps the jar open; systems that refuse to delete an open file get it deleted at exit
      Files.delete(jar);
      Files.delete(dir);
    } catch (IOException e) {
      jar.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
    }
  }

  private static String className(String entry) {
    return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
  }

  /** The bootstrap class files, by entry name, from the agent jar (or the class path in development). */
  private static Map<String, byte[]> read() throws IOException, URISyntaxException {
    Path location = Paths.get(BootstrapClasses.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Map<String, byte[]> classes = new LinkedHashMap<>();
    if (Files.isDirectory(location)) {
      for (Path root : developmentRoots(location)) {
        Path pkg = root.resolve(PACKAGE_PATH);
        if (Files.isDirectory(pkg)) {
          try (Stream<Path> files = Files.list(pkg)) {
            for (Path f : (Iterable<Path>) files::iterator) {
              if (f.getFileName().toString().endsWith(".class")) {
                classes.put(PACKAGE_PATH + f.getFileName(), Files.readAllBytes(f));
              }
            }
          }
          break;
        }
      }
      return classes;
    }
    // looked up by name: walking the jar's few thousand entries for them cost more than the rest of the start
    try (JarFile agentJar = new JarFile(location.toFile())) {
      for (String name : CLASS_NAMES) {
        JarEntry entry = agentJar.getJarEntry(PACKAGE_PATH + name + ".class");
        if (entry == null) {
          throw new IOException("the agent jar has no " + PACKAGE_PATH + name + ".class");
        }
        try (InputStream in = agentJar.getInputStream(entry)) {
          classes.put(entry.getName(), in.readAllBytes());
        }
      }
    }
    return classes;
  }

  /** In development the bootstrap classes are a directory of their own on the class path. */
  private static List<Path> developmentRoots(Path agentClasses) {
    List<Path> roots = new ArrayList<>();
    roots.add(agentClasses);
    for (String part : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
      if (!part.isEmpty()) {
        roots.add(Paths.get(part));
      }
    }
    return roots;
  }
}
