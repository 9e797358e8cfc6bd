package io.connlens.it;

/**
 * Whether the tests run in CI ({@code CI=true}). There a missing JDK or database fails the build
 * loudly; on a developer's machine the tests that need it are skipped with the reason.
 */
final class CiEnvironment {
  private CiEnvironment() {
  }

  static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }
}
