package io.connlens.agent.registry;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which leases get their acquire site captured. Capturing costs a {@code new Throwable()} (about a
 * microsecond on a shallow stack, several on a deep one: see docs/performance.md), so production runs
 * capture a random sample of leases, every lease from a data source once a leak was seen there, and
 * every lease that opened its own physical connection without a pool (which costs far more);
 * QA runs ({@code fail.on} set) capture every lease so every failure names its code.
 */
public final class SiteCapture {

  /** The capture modes of {@code site.capture}. */
  public enum Mode {
    /** Every lease. */
    ALL,
    /** One lease in {@code site.sample.interval}, and every lease from a source that leaked. */
    SAMPLED,
    /** None. */
    OFF;

    /** The mode's name as configured and reported. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Mode mode;
  private final int sampleInterval;

  /** A policy; {@code sampleInterval} is used only by {@link Mode#SAMPLED}. */
  public SiteCapture(Mode mode, int sampleInterval) {
    this.mode = mode;
    this.sampleInterval = Math.max(1, sampleInterval);
  }

  /** The mode in force. */
  public Mode mode() {
    return mode;
  }

  /** The sample interval of {@link Mode#SAMPLED}. */
  public int sampleInterval() {
    return sampleInterval;
  }

  /**
   * Whether the lease about to be opened from {@code source} should capture its site.
   * {@code opensPhysical}: its {@code getConnection} opened a physical connection of its own, outside
   * any pool ({@code DriverManager}, a driver's data source); such a lease is always captured unless
   * capture is off, because the connect costs milliseconds, far more than the capture, and
   * UNPOOLED_CONNECTIONS must name its site.
   */
  boolean shouldCapture(DataSourceInfo source, boolean opensPhysical) {
    switch (mode) {
      case ALL:
        return true;
      case OFF:
        return false;
      default:
        return opensPhysical || source.capturesEverySite()
            || ThreadLocalRandom.current().nextInt(sampleInterval) == 0;
    }
  }

  /** After a leak from {@code source}: in sampled mode, capture every later lease from it. */
  public void onLeak(DataSourceInfo source) {
    if (mode == Mode.SAMPLED) {
      source.captureEverySite();
    }
  }
}
