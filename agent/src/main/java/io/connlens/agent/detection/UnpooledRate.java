package io.connlens.agent.detection;

/**
 * What an UNPOOLED_CONNECTIONS occurrence measured at one site: how many physical connections it
 * opened (and closed) in the window, and how long each was held on average.
 */
public final class UnpooledRate {
  private final long connections;
  private final long windowMillis;
  private final long meanHeldMicros;

  /** A rate of {@code connections} in {@code windowMillis}, each held {@code meanHeldMicros} on average. */
  public UnpooledRate(long connections, long windowMillis, long meanHeldMicros) {
    this.connections = connections;
    this.windowMillis = windowMillis;
    this.meanHeldMicros = meanHeldMicros;
  }

  /** Physical connections opened and closed at the site in the window. */
  public long connections() {
    return connections;
  }

  /** The window's length. */
  public long windowMillis() {
    return windowMillis;
  }

  /** Connections a second over the window, rounded down. */
  public long perSecond() {
    return windowMillis <= 0 ? connections : connections * 1000 / windowMillis;
  }

  /** How long each was held on average, in microseconds. */
  public long meanHeldMicros() {
    return meanHeldMicros;
  }
}
