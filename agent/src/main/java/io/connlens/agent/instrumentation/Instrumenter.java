package io.connlens.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.connlens.bootstrap.ConnlensHooks;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
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
 * Installs instrumentation modules with Byte Buddy: each module's type instrumentations, behind the
 * boot delegation every class loader needs to reach the hooks ({@link BootDelegation}) and the check
 * that a class's loader does see them. Uses retransformation without class-format changes, so it works the same
 * at start-up and when attached to a running JVM (no added fields or methods).
 */
public final class Instrumenter {
  private static final String BYTE_BUDDY_SAFE = "net.bytebuddy.safe";
  /** The most instrumentation errors kept for the report; the rest are only counted. */
  static final int MAX_ERRORS = 100;

  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final AtomicLong droppedErrors = new AtomicLong();

  /** One line per type the agent failed to instrument (at most {@value #MAX_ERRORS}), for the report. */
  public List<String> errors() {
    return errors;
  }

  /** Instrumentation errors beyond {@value #MAX_ERRORS}, counted but not kept. */
  public long droppedErrors() {
    return droppedErrors.get();
  }

  private void recordError(String error) {
    // a check-then-add race may keep one or two more: the bound is on memory, not an exact count
    if (errors.size() < MAX_ERRORS) {
      errors.add(error);
    } else {
      droppedErrors.incrementAndGet();
    }
  }

  /**
   * Instruments, with the modules given, the classes loaded now and those loaded later; modules that
   * are {@link InstrumentationModule#late() late} are left to {@link #installLate}.
   *
   * @param statements whether the advice for statements, batches and transactions is installed too
   */
  public void install(Instrumentation inst, List<InstrumentationModule> modules, boolean statements) {
    List<TypeInstrumentation> types = types(modules, false, statements);
    ElementMatcher.Junction<MethodDescription> concrete = not(isAbstract());
    IgnoredTypes ignored = new IgnoredTypes(namedTypes(types));
    TypePoolCache typePool = new TypePoolCache();
    AgentBuilder.Transformer bootDelegation = transformer(List.of(new TypeInstrumentation.MethodAdvice(
        concrete.and(BootDelegation.loadClassMethods()), BootDelegation.LoadClassAdvice.class, false)),
        Advice.ExceptionHandler.Default.SUPPRESSING);
    // only the class loaders and instrumented classes already loaded are candidates for
    // retransformation: at start there are none or a few, and Byte Buddy need not describe the JVM's
    // thousand loaded classes
    Set<Class<?>> loadedLoaders = new HashSet<>();
    Set<Class<?>> loadedTypes = new HashSet<>();
    collectLoaded(inst, ignored, types, loadedLoaders, loadedTypes);
    if (!loadedLoaders.isEmpty()) {
      // Attached to a running JVM: the class loaders already loaded get boot delegation first, and on
      // their own, so that the hooks' visibility is only ever asked of loaders that already delegate.
      // This transformer is removed at once (the classes stay as transformed); the one below keeps
      // applying the same advice to any class loader retransformed or loaded later.
      builder(inst, loadedLoaders).with(typePool).ignore(ignored)
          .type(BootDelegation.classLoaders()).transform(bootDelegation)
          .installOn(inst)
          .reset(inst, AgentBuilder.RedefinitionStrategy.DISABLED);
    }
    BootDelegation.HooksVisibility hooks = new BootDelegation.HooksVisibility(this::recordError);
    Advice.ExceptionHandler countSuppressed = suppressedErrorCounter();
    AgentBuilder.Identified.Extendable builder = builder(inst, loadedTypes)
        // start-up: a shared cache of parsed super types, and the JDK and frameworks ignored by name
        .with(typePool)
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
    builder.installOn(inst);
  }

  /**
   * Installs the {@link InstrumentationModule#late() late} modules (the exit-status hook). Separate
   * from {@link #install}, so that it can run off the start-up path: transforming a class already
   * loaded pulls in Byte Buddy's class-writing machinery, which a JVM that never touches JDBC would
   * otherwise not load at all during its start. Late modules instrument JDK classes by name only.
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
      recordError(typeName + ": " + throwable);
    }

    @Override
    public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module,
        boolean loaded, DynamicType dynamicType) {
      // nothing: a successful transformation needs no record
    }
  }
}
