package io.connlens.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperClass;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.connlens.agent.registry.WeakIdentityMap;
import io.connlens.bootstrap.ConnlensHooks;
import java.lang.ref.WeakReference;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Makes every class loader find the bootstrap classes ({@code io.connlens.bootstrap}) in the boot
 * loader, and instruments a JDBC class only where its loader does.
 *
 * <p>Advice inlined into a driver or pool class calls {@link ConnlensHooks}, which the JVM resolves
 * through that class's own loader. Most loaders ask their parent first and so reach the boot loader;
 * some do not: OSGi bundles (only {@code java.*} is boot-delegated), JBoss Modules, web and plugin
 * loaders, HikariCP's own test loader. There the call would throw {@code NoClassDefFoundError} into
 * the application, from the advice and from its exception handler alike. So, as OpenTelemetry's agent
 * does, the {@code loadClass} methods of every class loader outside the JDK answer a bootstrap class
 * name with the boot loader's class before running their own code. The advice refers only to
 * {@code java.lang} types, so it runs in any loader.
 *
 * <p>Where that still does not work (a loader that was never instrumented), {@link #visibleFrom}
 * keeps the JDBC classes of that loader uninstrumented and records why, once per loader: the
 * application runs exactly as without connlens, and the report says which classes are not tracked.
 */
final class BootDelegation {
  /** The package the boot loader defines for connlens; nothing else is delegated. */
  static final String BOOTSTRAP_PACKAGE = "io.connlens.bootstrap.";

  private BootDelegation() {}

  /** Class loaders: every subclass of {@code ClassLoader}, which itself delegates to the boot loader. */
  static ElementMatcher.Junction<TypeDescription> classLoaders() {
    return not(named("java.lang.ClassLoader")).and(hasSuperClass(named("java.lang.ClassLoader")));
  }

  /** {@code loadClass(String)} and {@code loadClass(String, boolean)}: the JVM calls the first, which may call the second. */
  static ElementMatcher.Junction<MethodDescription> loadClassMethods() {
    return named("loadClass").and(not(isStatic())).and(takesArgument(0, String.class))
        .and(takesArguments(1).or(takesArguments(2).and(takesArgument(1, boolean.class))));
  }

  /**
   * {@code type} where its class loader can see {@link ConnlensHooks}; a type that matches but whose
   * loader cannot is not instrumented, and the loader is reported once to {@code notVisible}.
   */
  static AgentBuilder.RawMatcher visibleFrom(ElementMatcher<? super TypeDescription> type, HooksVisibility visibility) {
    return new AgentBuilder.RawMatcher() {
      @Override
      public boolean matches(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module,
          Class<?> classBeingRedefined, ProtectionDomain protectionDomain) {
        return type.matches(typeDescription) && visibility.test(classLoader, typeDescription.getName());
      }
    };
  }

  /** Which class loaders resolve {@link ConnlensHooks} to the boot loader's class; asked once per loader. */
  static final class HooksVisibility {
    /** The most classes kept as {@link Declined}: the start-up window sees a handful. */
    private static final int MAX_DECLINED = 1_000;
    private final WeakIdentityMap<ClassLoader, Boolean> byLoader = new WeakIdentityMap<>();
    private final Consumer<String> notVisible;
    /**
     * Whether the class loaders loaded before the instrumentation was built have been given boot
     * delegation: until then a loader that does not see the hooks may just not have had its turn, so
     * the answer is neither kept nor reported (the class it was asked for is retransformed after).
     */
    private volatile boolean settled;
    /** The classes asked for before {@link #settle} whose loader did not see the hooks (guarded by itself). */
    private final List<Declined> declined = new ArrayList<>();

    /** @param notVisible told, once per loader, of a type left uninstrumented because its loader cannot see the hooks */
    HooksVisibility(Consumer<String> notVisible) {
      this.notVisible = notVisible;
    }

    boolean test(ClassLoader loader, String typeName) {
      if (loader == null) {
        return true; // the boot loader defines the hooks
      }
      Boolean known = byLoader.get(loader);
      if (known != null) {
        return known;
      }
      boolean visible = seesHooks(loader);
      if (!visible && !settled) {
        boolean kept;
        synchronized (declined) {
          kept = declined.size() < MAX_DECLINED;
          if (kept) {
            declined.add(new Declined(loader, typeName));
          }
        }
        if (!kept) {
          notVisible.accept(typeName + ": not instrumented: more than " + MAX_DECLINED + " JDBC classes loaded"
              + " before their class loaders were given boot delegation, and only those are retransformed");
        }
        return false;
      }
      byLoader.pollCollected();
      if (byLoader.putIfAbsent(loader, visible) == null && !visible) {
        notVisible.accept(typeName + ": not instrumented, nor any other JDBC class of its class loader "
            + loader.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(loader))
            + ": that loader does not find " + ConnlensHooks.class.getName()
            + " in the boot loader, so the connections they make are not tracked");
      }
      return visible;
    }

    /** The loaders loaded before the instrumentation have been given boot delegation: answers are final now. */
    void settle() {
      settled = true;
    }

    /** The classes left as they were before {@link #settle}, to be retransformed; forgotten here. */
    List<Declined> takeDeclined() {
      synchronized (declined) {
        List<Declined> taken = new ArrayList<>(declined);
        declined.clear();
        return taken;
      }
    }

    private static boolean seesHooks(ClassLoader loader) {
      try {
        return Class.forName(ConnlensHooks.class.getName(), false, loader) == ConnlensHooks.class;
      } catch (Throwable t) {
        return false; // ClassNotFoundException, a LinkageError, or whatever the loader throws: not visible
      }
    }
  }

  /** A class left uninstrumented before the loaders had boot delegation: its name, and its loader held weakly. */
  static final class Declined {
    private final WeakReference<ClassLoader> loader;
    private final String typeName;

    Declined(ClassLoader loader, String typeName) {
      this.loader = new WeakReference<>(loader);
      this.typeName = typeName;
    }

    /** Whether {@code c} is that class. */
    boolean is(Class<?> c) {
      return c.getName().equals(typeName) && c.getClassLoader() == loader.get();
    }
  }

  /** {@code ClassLoader.loadClass(name[, resolve])}: the boot loader's class for a bootstrap class name. */
  static final class LoadClassAdvice {
    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static Class<?> enter(@Advice.Argument(0) String name) {
      if (name != null && name.startsWith(BOOTSTRAP_PACKAGE)) {
        try {
          return Class.forName(name, false, null);
        } catch (ClassNotFoundException notOurs) {
          return null; // let the loader answer as it would
        }
      }
      return null;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Class<?> fromBootLoader, @Advice.Return(readOnly = false) Class<?> returned) {
      if (fromBootLoader != null) {
        returned = fromBootLoader;
      }
    }
  }
}
