package io.connlens.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.connlens.bootstrap.ConnlensHooks;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Builds the instrumentation of the modules with Byte Buddy: each module's type instrumentations, behind the
 * boot delegation every class loader needs to reach the hooks ({@link BootDelegation}) and the check
 * that a class's loader does see them. {@link #transformer} makes the class file transformer that
 * {@link JdbcClassTrigger} hands every class to once the first JDBC class loads; {@link #retransformLoaders}
 * and {@link #retransformMatched} bring the classes loaded before up to date. Uses retransformation without class-format changes, so it
 * works the same at start-up and when attached to a running JVM (no added fields or methods).
 */
public final class Instrumenter {
  private static final String BYTE_BUDDY_SAFE = "net.bytebuddy.safe";
  /** Classes retransformed in one call; a failing batch is retried one class at a time. */
  private static final int RETRANSFORM_BATCH = 50;

  private final InstrumentationErrors errors;
  private List<TypeInstrumentation> types = List.of();
  private IgnoredTypes ignored;
  private BootDelegation.HooksVisibility hooks;
  /** The JDBC classes loaded before the instrumentation was built, noted by {@link #retransformLoaders}. */
  private volatile Set<Class<?>> loadedBefore = Set.of();

  /** @param errors where the types that could not be instrumented are recorded */
  public Instrumenter(InstrumentationErrors errors) {
    this.errors = errors;
  }

  /**
   * The transformer of the modules that are not {@link InstrumentationModule#late() late} (those are
   * {@link #installLate}'s), not registered: its caller hands it the classes.
   *
   * @param statements whether the advice for statements, batches and transactions is included
   */
  public ClassFileTransformer transformer(Instrumentation inst, List<InstrumentationModule> modules, boolean statements) {
    types = types(modules, false, statements);
    ElementMatcher.Junction<MethodDescription> concrete = not(isAbstract());
    ignored = new IgnoredTypes(namedTypes(types));
    hooks = new BootDelegation.HooksVisibility(errors::record);
    AgentBuilder.Transformer bootDelegation = transformer(List.of(new TypeInstrumentation.MethodAdvice(
        concrete.and(BootDelegation.loadClassMethods()), BootDelegation.LoadClassAdvice.class, false)),
        Advice.ExceptionHandler.Default.SUPPRESSING);
    Advice.ExceptionHandler countSuppressed = suppressedErrorCounter();
    AgentBuilder.Identified.Extendable builder = builder(inst, Set.of())
        // start-up: a shared cache of parsed super types, and the JDK and frameworks ignored by name
        .with(new TypePoolCache())
        .ignore(ignored)
        // first: a loader must find the hooks before its JDBC classes run. Its advice refers to no
        // connlens class, so its errors are dropped rather than counted.
        .type(BootDelegation.classLoaders())
        .transform(bootDelegation);
    // Byte Buddy applies every matching transformation, in this order, unless one is made terminal:
    // a pool's data source gets the generic DataSource advice and its module's own
    for (TypeInstrumentation type : types) {
      builder = builder.type(BootDelegation.visibleFrom(type.typeMatcher(), hooks))
          .transform(transformer(type.advice(statements), countSuppressed));
    }
    return builder.makeRaw();
  }

  /**
   * Retransforms the class loaders loaded before the instrumentation was built, so that they delegate
   * the hooks to the boot loader before any JDBC class of theirs is instrumented, and notes the JDBC
   * classes loaded before it for {@link #retransformMatched}. From then on a loader that does not see
   * the hooks is reported.
   */
  public void retransformLoaders(Instrumentation inst) {
    Set<Class<?>> loaders = new HashSet<>();
    Set<Class<?>> matched = new HashSet<>();
    collectLoaded(inst, ignored, types, loaders, matched);
    loadedBefore = matched;
    retransform(inst, loaders);
    hooks.settle();
  }

  /**
   * Retransforms the JDBC classes loaded before the instrumentation was built (at start-up a handful
   * that name no JDBC type themselves; attached, every JDBC class), and those left as they were because
   * their loader had not been given boot delegation yet.
   */
  public void retransformMatched(Instrumentation inst) {
    Set<Class<?>> classes = new HashSet<>(loadedBefore);
    loadedBefore = Set.of();
    List<BootDelegation.Declined> declined = hooks.takeDeclined();
    if (!declined.isEmpty()) {
      for (Class<?> c : inst.getAllLoadedClasses()) {
        for (BootDelegation.Declined d : declined) {
          if (d.is(c)) {
            classes.add(c);
          }
        }
      }
    }
    retransform(inst, classes);
  }

  private void retransform(Instrumentation inst, Set<Class<?>> classes) {
    List<Class<?>> all = new ArrayList<>(classes);
    for (int from = 0; from < all.size(); from += RETRANSFORM_BATCH) {
      List<Class<?>> batch = all.subList(from, Math.min(all.size(), from + RETRANSFORM_BATCH));
      try {
        inst.retransformClasses(batch.toArray(new Class<?>[0]));
      } catch (Throwable batchFailed) {
        for (Class<?> c : batch) {
          try {
            inst.retransformClasses(c);
          } catch (Throwable t) {
            errors.record(c.getName() + ": " + t);
          }
        }
      }
    }
  }

  /**
   * Installs the {@link InstrumentationModule#late() late} modules (the exit-status hook). Separate
   * from {@link #transformer}, so that it can run off the first JDBC class's loading: the classes it
   * instruments are loaded already, and retransforming them is work that class need not wait for.
   * Late modules instrument JDK classes by name only.
   */
  public void installLate(Instrumentation inst, List<InstrumentationModule> modules) {
    List<TypeInstrumentation> types = types(modules, true, true);
    if (types.isEmpty()) {
      return;
    }
    Set<String> names = namedTypes(types);
    Set<Class<?>> loaded = new HashSet<>();
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (names.contains(c.getName()) && inst.isModifiableClass(c)) {
        loaded.add(c);
      }
    }
    Advice.ExceptionHandler countSuppressed = suppressedErrorCounter();
    AgentBuilder.Identified.Extendable builder = null;
    for (TypeInstrumentation type : types) {
      AgentBuilder.Identified.Narrowable narrowable = builder == null
          ? builder(inst, loaded).ignore(not(namedOneOf(names.toArray(new String[0])))).type(type.typeMatcher())
          : builder.type(type.typeMatcher());
      builder = narrowable.transform(transformer(type.advice(true), countSuppressed));
    }
    builder.installOn(inst);
  }

  /** The type instrumentations of {@code modules} that are ({@code late}) or are not late, and have advice. */
  private static List<TypeInstrumentation> types(List<InstrumentationModule> modules, boolean late,
      boolean statements) {
    List<TypeInstrumentation> types = new ArrayList<>();
    for (InstrumentationModule module : modules) {
      if (module.late() != late) {
        continue;
      }
      for (TypeInstrumentation type : module.types()) {
        if (!type.advice(statements).isEmpty()) {
          types.add(type);
        }
      }
    }
    return types;
  }

  /** The class names that type instrumentations name exactly (not implementors). */
  private static Set<String> namedTypes(List<TypeInstrumentation> types) {
    Set<String> names = new HashSet<>();
    for (TypeInstrumentation type : types) {
      if (!type.matchesImplementors()) {
        names.add(type.typeName());
      }
    }
    return names;
  }

  /**
   * What both installations share: retransformation without class-format changes (so attaching to a
   * running JVM works the same as starting with it), classes already loaded described by reflection,
   * no self-initialization (advice is inlined), failures recorded, and a read edge from instrumented
   * named modules (java.sql, java.base) to the bootstrap classes in the boot loader's unnamed module.
   *
   * @param loaded the classes already loaded that may need retransforming
   */
  private AgentBuilder builder(Instrumentation inst, Set<Class<?>> loaded) {
    // connlens injects no classes, so Byte Buddy needs no sun.misc.Unsafe (JDK 24+ warns of its use);
    // the property name is relocated with Byte Buddy, so this does not touch the application's copy
    if (System.getProperty(BYTE_BUDDY_SAFE) == null) {
      System.setProperty(BYTE_BUDDY_SAFE, "true");
    }
    return new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit(loaded))
        .with(AgentBuilder.DescriptionStrategy.Default.HYBRID)
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        .with(AgentBuilder.TypeStrategy.Default.REDEFINE_FROZEN)
        // class files are located through a weak reference to their loader: a description cached by
        // TypePoolCache must not keep a discarded loader (a redeployed web application) alive
        .with(AgentBuilder.LocationStrategy.ForClassLoader.WEAK)
        .with(new ErrorRecorder())
        .assureReadEdgeTo(inst, ConnlensHooks.class);
  }

  /**
   * Sorts the loaded classes that may need retransforming, modifiable and not ignored, in one pass:
   * class loaders (they need boot delegation before any JDBC class of theirs is loaded) into
   * {@code loaders}; classes a type instrumentation matches into {@code matched}.
   */
  private static void collectLoaded(Instrumentation inst, IgnoredTypes ignored, List<TypeInstrumentation> types,
      Set<Class<?>> loaders, Set<Class<?>> matched) {
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (c.isInterface() || c.isArray() || c.isPrimitive() || ignored.matches(c.getName())
          || !inst.isModifiableClass(c)) {
        continue;
      }
      if (ClassLoader.class.isAssignableFrom(c)) {
        loaders.add(c);
        continue;
      }
      for (TypeInstrumentation type : types) {
        if (type.matchesLoaded(c)) {
          matched.add(c);
          break;
        }
      }
    }
  }

  private static Advice.ExceptionHandler suppressedErrorCounter() {
    try {
      return new Advice.ExceptionHandler.Simple(MethodInvocation.invoke(
          new MethodDescription.ForLoadedMethod(ConnlensHooks.class.getMethod("suppressed", Throwable.class))));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("the bootstrap classes lack ConnlensHooks.suppressed", e);
    }
  }

  /** One transformer inlining each advice into its methods. */
  private static AgentBuilder.Transformer transformer(List<TypeInstrumentation.MethodAdvice> advice,
      Advice.ExceptionHandler handler) {
    List<AsmVisitorWrapper> visitors = new ArrayList<>();
    for (TypeInstrumentation.MethodAdvice a : advice) {
      visitors.add(Advice.to(a.advice).withExceptionHandler(handler).on(a.methods));
    }
    return (builder, type, loader, module, domain) -> {
      DynamicType.Builder<?> b = builder;
      for (AsmVisitorWrapper visitor : visitors) {
        b = b.visit(visitor);
      }
      return b;
    };
  }

  /** Records the types Byte Buddy could not transform. */
  private final class ErrorRecorder extends AgentBuilder.Listener.Adapter {
    @Override
    public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
      if (throwable instanceof TypePool.Resolution.NoSuchTypeException) {
        // a super type is missing from the class path: the JVM cannot load this class either (it will
        // throw NoClassDefFoundError to whoever asked, e.g. Spring probing for optional classes)
        return;
      }
      errors.record(typeName + ": " + throwable);
    }

    @Override
    public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module,
        boolean loaded, DynamicType dynamicType) {
      // nothing: a successful transformation needs no record
    }
  }
}
