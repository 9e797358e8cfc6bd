package io.connlens.agent.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchedApplicationTest {
  @TempDir Path dir;

  private Path jar(String name, String mainClass, String startClass) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (mainClass != null) {
      manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    }
    if (startClass != null) {
      manifest.getMainAttributes().putValue("Start-Class", startClass);
    }
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      // the manifest is all it needs
    }
    return jar;
  }

  @Test
  void javaCpMainIsTheMainClassPackage() {
    LaunchedApplication app = LaunchedApplication.infer("com.acme.shop.ShopMain --port 8080", "lib/a.jar");
    assertThat(app.mainClass()).isEqualTo("com.acme.shop.ShopMain");
    assertThat(app.packagePrefix()).isEqualTo("com.acme.shop");
    assertThat(app.how()).isEqualTo("main class com.acme.shop.ShopMain");
  }

  @Test
  void javaMModuleSlashMainIsTheMainClass() {
    assertThat(LaunchedApplication.infer("com.acme.shop/com.acme.shop.ShopMain", null).packagePrefix())
        .isEqualTo("com.acme.shop");
  }

  @Test
  void javaJarIsItsMainClass() throws IOException {
    Path jar = jar("billing.jar", "com.acme.billing.Main", null);
    LaunchedApplication app = LaunchedApplication.infer(jar + " --verbose", jar.toString());
    assertThat(app.packagePrefix()).isEqualTo("com.acme.billing");
    assertThat(app.how()).isEqualTo("Main-Class of " + jar + " com.acme.billing.Main");
  }

  @Test
  void aSpringBootFatJarIsItsStartClassEvenUnderSpringsNamespace() throws IOException {
    Path jar = jar("petclinic.jar", "org.springframework.boot.loader.launch.JarLauncher",
        "org.springframework.samples.petclinic.PetClinicApplication");
    LaunchedApplication app = LaunchedApplication.infer(jar.toString(), jar.toString());
    assertThat(app.packagePrefix()).isEqualTo("org.springframework.samples.petclinic");
    // Boot before 3.2 names its launcher without .launch
    Path old = jar("old.war", "org.springframework.boot.loader.WarLauncher", "io.micronaut.example.App");
    assertThat(LaunchedApplication.infer(old + " a b", null).packagePrefix()).isEqualTo("io.micronaut.example");
  }

  @Test
  void aJarPathWithSpacesIsFound() throws IOException {
    Files.createDirectories(dir.resolve("my apps"));
    Path jar = jar("my apps/svc.jar", "org.apache.fineract.ServerApplication", null);
    assertThat(LaunchedApplication.infer(jar + " --spring.profiles.active=x", null).packagePrefix())
        .isEqualTo("org.apache.fineract");
  }

  @Test
  void anExplodedSpringBootJarOnTheClassPathIsItsStartClass() throws IOException {
    Path exploded = Files.createDirectories(dir.resolve("app/META-INF"));
    Files.writeString(exploded.resolve("MANIFEST.MF"), "Manifest-Version: 1.0\r\n"
        + "Main-Class: org.springframework.boot.loader.launch.JarLauncher\r\n"
        + "Start-Class: com.acme.shop.ShopApplication\r\n\r\n");
    LaunchedApplication app = LaunchedApplication.infer("org.springframework.boot.loader.launch.JarLauncher",
        dir.resolve("missing.jar") + java.io.File.pathSeparator + dir.resolve("app"));
    assertThat(app.packagePrefix()).isEqualTo("com.acme.shop");
  }

  @Test
  void launchersOfOtherPeoplesCodeTellNothing() throws IOException {
    for (String main : List.of("org.apache.maven.surefire.booter.ForkedBooter /tmp/x 1.tmp",
        "worker.org.gradle.process.internal.worker.GradleWorkerMain 'Gradle Test Executor 1'",
        "org.apache.catalina.startup.Bootstrap start", "org.eclipse.jetty.start.Main",
        "com.intellij.rt.junit.JUnitStarter -ideVersion5", "sun.tools.jcmd.JCmd -h",
        "jdk.jshell/jdk.internal.jshell.tool.JShellToolProvider", "org.springframework.boot.loader.launch.JarLauncher",
        "org.apache.felix.main.Main", "org.jboss.modules.Main -mp modules app")) {
      assertThat(LaunchedApplication.infer(main, null)).as(main).isNull();
    }
    Path jar = jar("jboss-modules.jar", "org.jboss.modules.Main", null);
    assertThat(LaunchedApplication.infer(jar + " -mp m app", null)).isNull();
  }

  @Test
  void nothingToGoOnIsNoInference() throws IOException {
    assertThat(LaunchedApplication.infer(null, null)).isNull();
    assertThat(LaunchedApplication.infer("  ", null)).isNull();
    assertThat(LaunchedApplication.infer("-not-a-class x", null)).isNull();
    assertThat(LaunchedApplication.infer(dir.resolve("gone.jar").toString(), null)).isNull();
    Path noMain = jar("lib.jar", null, null);
    assertThat(LaunchedApplication.infer(noMain.toString(), null)).isNull();
    Path notAJar = Files.writeString(dir.resolve("broken.jar"), "not a zip");
    assertThat(LaunchedApplication.infer(notAJar.toString(), null)).isNull();
  }

  @Test
  void aMainClassInTheUnnamedPackageIsItself() {
    assertThat(LaunchedApplication.infer("Main", null).packagePrefix()).isEqualTo("Main");
  }

  @Test
  void configuredPackagesWinOverInference() {
    ApplicationPackages packages = LaunchedApplication.packages(List.of("com.acme.", "com.acme.billing.*"), null);
    assertThat(packages.included()).containsExactly("com.acme", "com.acme.billing");
    assertThat(packages.excluded()).isEmpty();
    assertThat(packages.source()).isEqualTo("app.packages");
  }
}
