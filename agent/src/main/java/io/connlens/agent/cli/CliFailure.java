package io.connlens.agent.cli;

/**
 * A command that could not do its work for a reason outside the command line (a JVM that refuses the
 * attach, connlens not running there, no answer): its message is what the user reads, without a
 * stack trace, and the exit status is 1. Bad usage is not this: it exits 2.
 */
final class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliFailure(String message) {
    super(message);
  }
}
