package io.connlens.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The agent's version, as the build wrote it into the jar. */
public final class AgentVersion {
  private static final String RESOURCE = "/io/connlens/agent/connlens-version.properties";

  private AgentVersion() {}

  /** Read once: it is asked at start-up, by the command line and by every report. */
  private static volatile String version;

  /**
   * The version, or {@code unknown} when the jar does not say: its manifest's {@code Implementation-Version}
   * (read with the jar, free), else the resource the build wrote (classes outside the jar, in development).
   */
  public static String get() {
    String known = version;
    if (known == null) {
      Package own = AgentVersion.class.getPackage();
      known = own != null && own.getImplementationVersion() != null ? own.getImplementationVersion() : fromResource();
      version = known;
    }
    return known;
  }

  private static String fromResource() {
    try (InputStream in = AgentVersion.class.getResourceAsStream(RESOURCE)) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
