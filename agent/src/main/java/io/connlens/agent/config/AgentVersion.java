package io.connlens.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The agent's version, as the build wrote it into the jar. */
public final class AgentVersion {
  private static final String RESOURCE = "/io/connlens/agent/connlens-version.properties";

  private AgentVersion() {}

  /** The version, or {@code unknown} when the jar does not say. */
  public static String get() {
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
