package io.connlens.api;

/** How urgent a finding is; the console and the report print it as the lower-case name. */
public enum Severity {
  /** Worth knowing; not a defect on its own. */
  INFO,
  /** Probably a defect, or one in the making. */
  WARNING,
  /** A defect: a connection is or will be lost to the application. */
  ERROR
}
