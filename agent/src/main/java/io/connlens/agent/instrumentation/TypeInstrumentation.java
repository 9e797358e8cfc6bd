package io.connlens.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * One type (a class by name, or every class implementing an interface) and the advice its methods
 * get. The same declaration gives Byte Buddy its type matcher and, when connlens attaches to a running
 * JVM, the test of which loaded classes to retransform, so the two cannot drift apart.
 */
public final class TypeInstrumentation {

  /** One advice class and the methods it is inlined into. */
  static final class MethodAdvice {
    final ElementMatcher<? super MethodDescription> methods;
    final Class<?> advice;
    final boolean statements;

    MethodAdvice(ElementMatcher<? super MethodDescription> methods, Class<?> advice, boolean statements) {
      this.methods = methods;
      this.advice = advice;
      this.statements = statements;
    }
  }

  private final String typeName;
  private final boolean implementors;
  private final List<MethodAdvice> advice = new ArrayList<>();

  private TypeInstrumentation(String typeName, boolean implementors) {
    this.typeName = typeName;
    this.implementors = implementors;
  }

  /** The class of exactly this name. */
  public static TypeInstrumentation named(String className) {
    return new TypeInstrumentation(className, false);
  }

  /** Every class (not interface) that has {@code typeName}, a class or interface, among its super types. */
  public static TypeInstrumentation implementing(String typeName) {
    return new TypeInstrumentation(typeName, true);
  }

  /** Inlines {@code adviceClass} into the {@code methods} of this type. */
  public TypeInstrumentation advise(ElementMatcher<? super MethodDescription> methods, Class<?> adviceClass) {
    advice.add(new MethodAdvice(methods, adviceClass, false));
    return this;
  }

  /** As {@link #advise}, only when statements are tracked ({@code statements=true}). */
  public TypeInstrumentation adviseStatements(ElementMatcher<? super MethodDescription> methods,
      Class<?> adviceClass) {
    advice.add(new MethodAdvice(methods, adviceClass, true));
    return this;
  }

  /** The class name, or the super type's for {@link #implementing}. */
  public String typeName() {
    return typeName;
  }

  /** Whether this matches implementations of {@link #typeName()} rather than the class of that name. */
  public boolean matchesImplementors() {
    return implementors;
  }

  /** Byte Buddy's matcher for the types. */
  ElementMatcher.Junction<TypeDescription> typeMatcher() {
    return implementors
        ? not(isInterface()).and(hasSuperType(ElementMatchers.<TypeDescription>named(typeName)))
        : ElementMatchers.<TypeDescription>named(typeName);
  }

  /**
   * Whether {@code loaded}, a class already loaded, is one of these types: the attach-time counterpart
   * of {@link #typeMatcher()}, by reflection on the class and its super types.
   */
  boolean matchesLoaded(Class<?> loaded) {
    if (!implementors) {
      return loaded.getName().equals(typeName);
    }
    return !loaded.isInterface() && hasSuperTypeNamed(loaded, typeName);
  }

  private static boolean hasSuperTypeNamed(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(name)) {
        return true;
      }
      for (Class<?> i : c.getInterfaces()) {
        if (hasSuperTypeNamed(i, name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The advice, those for statements only when {@code statements}. */
  List<MethodAdvice> advice(boolean statements) {
    if (statements) {
      return Collections.unmodifiableList(advice);
    }
    List<MethodAdvice> kept = new ArrayList<>();
    for (MethodAdvice a : advice) {
      if (!a.statements) {
        kept.add(a);
      }
    }
    return kept;
  }
}
