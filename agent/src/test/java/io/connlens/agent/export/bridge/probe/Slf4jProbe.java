package io.connlens.agent.export.bridge.probe;

import io.connlens.agent.report.Sink;
import org.slf4j.LoggerFactory;

/** A bridge class for {@code BridgeLoaderTest}: compiled against SLF4J, implementing an agent type. */
public final class Slf4jProbe implements Sink {
  /** The loader of the SLF4J this class links to. */
  public ClassLoader slf4jLoader() {
    return LoggerFactory.class.getClassLoader();
  }
}
