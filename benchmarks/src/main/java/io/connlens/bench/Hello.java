package io.connlens.bench;

/** The trivial program whose start {@link StartupTime} times with and without the agent. */
public final class Hello {
  private Hello() {}

  /** Prints one line. */
  public static void main(String[] args) {
    System.out.println("hello");
  }
}
