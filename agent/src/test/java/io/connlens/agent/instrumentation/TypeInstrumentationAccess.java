package io.connlens.agent.instrumentation;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;

/** Test access to a type instrumentation's matchers, which the agent keeps package-private. */
public final class TypeInstrumentationAccess {
  private TypeInstrumentationAccess() {}

  /** Whether the type matcher accepts {@code type}. */
  public static boolean typeMatches(TypeInstrumentation instrumentation, TypeDescription type) {
    return instrumentation.typeMatcher().matches(type);
  }

  /** The advice classes (with statements) whose method matcher accepts no method {@code type} declares. */
  public static List<String> adviceWithoutMethod(TypeInstrumentation instrumentation, TypeDescription type) {
    List<String> unmatched = new ArrayList<>();
    for (TypeInstrumentation.MethodAdvice advice : instrumentation.advice(true)) {
      if (type.getDeclaredMethods().filter(advice.methods).isEmpty()) {
        unmatched.add(advice.advice.getSimpleName());
      }
    }
    return unmatched;
  }
}
