package io.connlens.testapp.isolated;

import io.connlens.testapp.support.ScenarioConsole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code JBossModulesApp SCENARIO JDBC_URL}: writes a JBoss Modules repository (a module for H2, one
 * for the inventory code depending on it) and runs the inventory module's main class with
 * {@code org.jboss.modules.Main}, as {@code java -jar jboss-modules.jar -mp modules com.example.inventory}
 * would. A module's loader sees only its declared dependencies and the JDK.
 */
public final class JBossModulesApp {
  private JBossModulesApp() {}

  /** Writes the repository under ./modules and runs the module. */
  public static void main(String[] args) throws Throwable {
    Path repository = Path.of("modules").toAbsolutePath();
    writeModule(repository, "com.h2database.h2", "h2.jar", null, "java.se");
    writeModule(repository, "com.example.inventory", "connlens-inventory-bundle.jar",
        "com.example.inventory.ModuleInventory", "com.h2database.h2", "java.se");
    org.jboss.modules.Main.main(new String[] {"-mp", repository.toString(), "com.example.inventory", args[0], args[1]});
    ScenarioConsole.done(args[0]);
  }

  private static void writeModule(Path repository, String name, String jar, String mainClass, String... dependencies)
      throws IOException {
    Path directory = repository.resolve(name.replace('.', '/')).resolve("main");
    Files.createDirectories(directory);
    Files.copy(IsolatedJars.jar(jar), directory.resolve(jar), StandardCopyOption.REPLACE_EXISTING);
    StringBuilder xml = new StringBuilder()
        .append("<module xmlns=\"urn:jboss:module:1.9\" name=\"").append(name).append("\">\n");
    if (mainClass != null) {
      xml.append("  <main-class name=\"").append(mainClass).append("\"/>\n");
    }
    xml.append("  <resources>\n    <resource-root path=\"").append(jar).append("\"/>\n  </resources>\n");
    xml.append("  <dependencies>\n");
    for (String dependency : dependencies) {
      xml.append("    <module name=\"").append(dependency).append("\"/>\n");
    }
    xml.append("  </dependencies>\n</module>\n");
    Files.writeString(directory.resolve("module.xml"), xml);
  }
}
