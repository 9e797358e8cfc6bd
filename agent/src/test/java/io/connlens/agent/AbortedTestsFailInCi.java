package io.connlens.agent;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Under {@code CI=true}, a test that aborts (a failed assumption, {@link TestAbortedException})
 * fails instead, with the reason. Surefire counts an aborted test as skipped and its summary does
 * not say why, so a test that cannot run in CI (run as root, a property Maven did not pass) would
 * pass there unseen. Every Jupiter test of the agent module gets it:
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} names it, and
 * {@code junit-platform.properties} turns extension autodetection on. jqwik properties do not run
 * Jupiter extensions; their {@code Assume} discards a try, it does not skip the property.
 *
 * <p>The configuration parameter {@value #CI_PARAMETER}{@code =true} switches it on too (it cannot
 * switch it off): {@code -Dconnlens.tests.ci=true} runs the tests as CI would.
 */
public final class AbortedTestsFailInCi
    implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

  /** The configuration parameter that, set to {@code true}, acts as {@code CI=true}. */
  static final String CI_PARAMETER = "connlens.tests.ci";

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable thrown)
      throws Throwable {
    throw converted(thrown, isCi(context));
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable thrown)
      throws Throwable {
    throw converted(thrown, isCi(context));
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable thrown)
      throws Throwable {
    throw converted(thrown, isCi(context));
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable thrown)
      throws Throwable {
    throw converted(thrown, isCi(context));
  }

  @Override
  public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable thrown)
      throws Throwable {
    throw converted(thrown, isCi(context));
  }

  /** {@code thrown}, or when it is an abort under CI a failure saying why the test could not run. */
  static Throwable converted(Throwable thrown, boolean ci) {
    if (ci && thrown instanceof TestAbortedException) {
      return new AssertionFailedError(
          "aborted, and under CI=true no test may skip: " + thrown.getMessage(), thrown);
    }
    return thrown;
  }

  private static boolean isCi(ExtensionContext context) {
    return "true".equalsIgnoreCase(System.getenv("CI"))
        || context.getConfigurationParameter(CI_PARAMETER).map(Boolean::parseBoolean).orElse(false);
  }
}
