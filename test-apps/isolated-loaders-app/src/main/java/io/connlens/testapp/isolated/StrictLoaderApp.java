package io.connlens.testapp.isolated;

import io.connlens.testapp.support.ScenarioConsole;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * {@code StrictLoaderApp SCENARIO JDBC_URL}: HikariCP, H2 and the inventory code in a class loader
 * that asks its parent only for the JDK's own packages and loads everything else itself, as HikariCP's
 * {@code TestJavassistCodegen} loader and many plugin loaders do. Nothing of connlens is visible to it.
 */
public final class StrictLoaderApp {
  /** Held until the JVM exits, so the leaked connection stays reachable (OPEN_AT_EXIT, not LEAK_UNCLOSED). */
  private static ClassLoader isolated;

  private StrictLoaderApp() {}

  /** Runs the scenario in the strict loader. */
  public static void main(String[] args) throws Exception {
    isolated = new JdkOnlyDelegation(IsolatedJars.all());
    Thread.currentThread().setContextClassLoader(isolated);
    Class.forName("com.example.inventory.PooledInventory", true, isolated)
        .getMethod("main", String[].class).invoke(null, (Object) args);
    ScenarioConsole.done(args[0]);
  }

  /** Delegates {@code java.*}, {@code javax.*} and the JDK's other packages; loads all else from its jars. */
  static final class JdkOnlyDelegation extends URLClassLoader {
    private static final String[] JDK = {"java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.", "org.xml."};

    JdkOnlyDelegation(URL[] jars) {
      super(jars, ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          loaded = isJdk(name) ? getParent().loadClass(name) : findClass(name);
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }

    private static boolean isJdk(String name) {
      for (String prefix : JDK) {
        if (name.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }
  }
}
