package io.connlens.agent.report;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link WatchedApplication}s a test starts, each stopped after the test
 * ({@code @RegisterExtension}): their worker threads never outlive it.
 */
final class WatchedApplications implements AfterEachCallback {
  private final List<WatchedApplication> started = new ArrayList<>();

  /** Keeps {@code app} to stop it after the test; returns it. */
  WatchedApplication add(WatchedApplication app) {
    started.add(app);
    return app;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    started.forEach(WatchedApplication::close);
    started.clear();
  }
}
