package io.connlens.testapp.isolated;

import io.connlens.testapp.support.ScenarioConsole;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * {@code FelixApp SCENARIO JDBC_URL}: an Apache Felix framework with H2's bundle and the inventory
 * bundle, whose activator runs the scenario. Felix's defaults are kept: a bundle delegates only
 * {@code java.*} to the boot loader ({@code org.osgi.framework.bootdelegation} is not set).
 */
public final class FelixApp {
  /** Held until the JVM exits, with its bundles and their loaders (the leaked connection stays reachable). */
  private static Framework framework;

  private FelixApp() {}

  /** Starts the framework, installs and starts both bundles, then stops the framework. */
  public static void main(String[] args) throws Exception {
    Map<String, String> config = new HashMap<>();
    config.put(Constants.FRAMEWORK_STORAGE, Path.of("felix-cache").toAbsolutePath().toString());
    config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
    config.put("inventory.scenario", args[0]);
    config.put("inventory.url", args[1]);
    framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
    framework.start();
    BundleContext context = framework.getBundleContext();
    Bundle h2 = context.installBundle(IsolatedJars.jar("h2.jar").toUri().toString());
    Bundle inventory = context.installBundle(IsolatedJars.jar("connlens-inventory-bundle.jar").toUri().toString());
    h2.start();
    inventory.start(); // the activator runs the scenario; its failure is thrown here
    // stopped bundles stay resolved, so their loaders, and a connection one of them keeps, stay reachable
    framework.stop();
    framework.waitForStop(10_000);
    ScenarioConsole.done(args[0]);
  }
}
