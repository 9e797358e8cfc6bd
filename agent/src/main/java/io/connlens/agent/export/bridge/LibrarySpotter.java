package io.connlens.agent.export.bridge;

import io.connlens.bootstrap.ConnlensHooks;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Notices the first class loader that loads each library a bridge is made for ({@link Library}),
 * by class name as the class loads, and, when connlens attaches to a running JVM, among the classes
 * already loaded. It transforms nothing: a name compared per class loaded is all it costs. The
 * listener hears of each library once, from the thread that loads it, while the class is being
 * defined; it must only hand the news on (the class is usable once the loading returns).
 */
public final class LibrarySpotter implements ClassFileTransformer {

  /** A library connlens can export through, by the class that marks it. */
  public enum Library {
    /** SLF4J's API: findings go to the application's log. */
    SLF4J("org.slf4j.LoggerFactory"),
    /** Micrometer: the pool gauges and the findings counter on its global registry. */
    MICROMETER("io.micrometer.core.instrument.Metrics"),
    /** The application's own (unshaded) OpenTelemetry API. */
    OPENTELEMETRY_API("io.opentelemetry.api.GlobalOpenTelemetry");

    private final String className;
    private final String internalName;

    Library(String className) {
      this.className = className;
      this.internalName = className.replace('.', '/');
    }

    /** The class whose loading says the library is there. */
    public String className() {
      return className;
    }
  }

  private static final Library[] LIBRARIES = Library.values();

  private final BiConsumer<Library, ClassLoader> listener;
  private final Map<Library, Boolean> spotted = new EnumMap<>(Library.class);

  private LibrarySpotter(BiConsumer<Library, ClassLoader> listener) {
    this.listener = listener;
  }

  /**
   * Watches for the libraries from now on, and looks among the classes already loaded (an attach,
   * or a library loaded by another agent before connlens started).
   */
  public static LibrarySpotter install(Instrumentation inst, BiConsumer<Library, ClassLoader> listener) {
    LibrarySpotter spotter = new LibrarySpotter(listener);
    inst.addTransformer(spotter, false);
    for (Class<?> c : inst.getAllLoadedClasses()) {
      for (Library library : LIBRARIES) {
        if (c.getName().equals(library.className)) {
          spotter.spot(library, c.getClassLoader());
        }
      }
    }
    return spotter;
  }

  @Override
  public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classfileBuffer) {
    if (className == null || classBeingRedefined != null) {
      return null;
    }
    // most classes are rejected on their first letters: every library here starts with o or i
    char first = className.isEmpty() ? 0 : className.charAt(0);
    if (first != 'o' && first != 'i') {
      return null;
    }
    for (Library library : LIBRARIES) {
      if (className.equals(library.internalName)) {
        spot(library, loader);
      }
    }
    return null; // never changes a class
  }

  private void spot(Library library, ClassLoader loader) {
    if (loader == null) {
      return; // an application's library is never the boot loader's
    }
    synchronized (spotted) {
      if (spotted.put(library, Boolean.TRUE) != null) {
        return; // the first loader wins: one application's log, one registry
      }
    }
    try {
      listener.accept(library, loader);
    } catch (RuntimeException e) {
      ConnlensHooks.suppressed(e);
    }
  }
}
