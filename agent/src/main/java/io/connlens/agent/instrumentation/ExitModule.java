package io.connlens.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.connlens.bootstrap.ConnlensHooks;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * The JVM's exit: {@code Runtime.exit(int)}, so that the status the application asks for is known at
 * exit and {@code fail.on} only replaces a status of 0. Installed late (see {@link #late()}).
 */
public final class ExitModule implements InstrumentationModule {

  @Override
  public String name() {
    return "exit";
  }

  @Override
  public String description() {
    return "Runtime.exit(int): the exit status the application asked for, which fail.on never overrides"
        + " unless it is 0. Without it, fail.on forces its status whenever a finding matches.";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return List.of(TypeInstrumentation.named("java.lang.Runtime")
        .advise(named("exit").and(takesArguments(int.class)), RuntimeExit.class));
  }

  /**
   * Transforms {@code java.lang.Runtime}, which is always loaded: doing that pulls in Byte Buddy's
   * class-writing machinery, which a JVM that never touches JDBC would otherwise not load at start.
   */
  @Override
  public boolean late() {
    return true;
  }

  /** {@code Runtime.exit(int)}: remembers the status the application asked for. */
  static final class RuntimeExit {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) int status) {
      ConnlensHooks.exitRequested(status);
    }
  }
}
