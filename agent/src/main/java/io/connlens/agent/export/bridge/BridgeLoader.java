package io.connlens.agent.export.bridge;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.Remapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * The class loader of one bridge: the few agent classes that are compiled against a library the
 * application (or another agent) brings, such as SLF4J, Micrometer or the OpenTelemetry API, defined
 * beside that library so that they use the application's own copy of it. connlens carries no copy of
 * these libraries: a second copy would be a second, unconfigured pipeline (a Micrometer registry no
 * endpoint shows, an OpenTelemetry API the OpenTelemetry agent does not bridge).
 *
 * <p>Classes of the bridge's package are defined here, from the agent jar's bytes (child first);
 * every other {@code io.connlens.} class is the agent's own, so a bridge implements the agent's
 * interfaces ({@link io.connlens.agent.report.Sink}); everything else comes from the library's
 * loader. The agent itself refers to a bridge class by name only, and never loads one.
 */
public final class BridgeLoader extends ClassLoader {
  private static final String AGENT_PACKAGE = "io.connlens.";

  static {
    registerAsParallelCapable();
  }

  private final String bridgePackage;
  private final ClassLoader agentLoader;
  private final Remapper remapper;

  /**
   * @param bridgePackage the package (with its trailing dot) whose classes make the bridge
   * @param libraryLoader the loader that holds the library, or {@code null} for the boot loader
   * @param remapper renames the library's types in the bridge's class files (the OpenTelemetry
   *     agent's relocated API), or {@code null} to define them as compiled
   */
  public BridgeLoader(String bridgePackage, ClassLoader libraryLoader, Remapper remapper) {
    // a boot-loader library (the OpenTelemetry agent's API) still needs the platform modules, java.sql
    super(libraryLoader == null ? ClassLoader.getPlatformClassLoader() : libraryLoader);
    this.bridgePackage = bridgePackage;
    this.agentLoader = BridgeLoader.class.getClassLoader();
    this.remapper = remapper;
  }

  /** The bridge class {@code name}, initialized: the entry point the agent instantiates. */
  public Class<?> bridgeClass(String name) throws ClassNotFoundException {
    if (!name.startsWith(bridgePackage)) {
      throw new IllegalArgumentException(name + " is not in the bridge's package " + bridgePackage);
    }
    return Class.forName(name, true, this);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        if (name.startsWith(bridgePackage)) {
          c = defineBridgeClass(name);
        } else if (name.startsWith(AGENT_PACKAGE)) {
          c = agentLoader.loadClass(name);
        } else {
          c = getParent().loadClass(name);
        }
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  private Class<?> defineBridgeClass(String name) throws ClassNotFoundException {
    String resource = name.replace('.', '/') + ".class";
    byte[] bytes;
    try (InputStream in = agentLoader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ClassNotFoundException(name);
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    if (remapper != null) {
      bytes = remap(bytes, remapper);
    }
    return defineClass(name, bytes, 0, bytes.length, BridgeLoader.class.getProtectionDomain());
  }

  /** {@code classFile} with every type name {@code remapper} maps renamed. */
  static byte[] remap(byte[] classFile, Remapper remapper) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(0);
    reader.accept(new ClassRemapper(writer, remapper), 0);
    return writer.toByteArray();
  }

  /**
   * A remapper that puts {@code prefix} before every type in one of {@code packages} (internal names,
   * with slashes and a trailing slash), as a relocating shade plugin did to the library: the
   * OpenTelemetry agent's {@code io/opentelemetry/api/} is {@code
   * io/opentelemetry/javaagent/shaded/io/opentelemetry/api/}.
   */
  public static Remapper prefixing(String prefix, String... packages) {
    return new Remapper() {
      @Override
      public String map(String internalName) {
        for (String p : packages) {
          if (internalName.startsWith(p)) {
            return prefix + internalName;
          }
        }
        return internalName;
      }
    };
  }
}
