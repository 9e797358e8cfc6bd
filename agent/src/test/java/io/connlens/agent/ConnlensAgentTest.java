package io.connlens.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConnlensAgentTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

  private String printed() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aJvmWithJavaSqlInItsBootLayerGetsTheAgent() {
    assertThat(ModuleLayer.boot().findModule("java.sql")).as("premise: the test JVM has java.sql").isPresent();
    assertThat(ConnlensAgent.reasonNotToInstall(ModuleLayer.boot())).isNull();
  }

  @Test
  void aJvmWithoutJavaSqlGetsNothingAndHearsNothing() {
    // ModuleLayer.empty() has no java.sql, as the boot layer of jcmd or of --limit-modules java.base
    ConnlensAgent.start("report=target/never-written.json", null, false, ModuleLayer.empty(), errStream);

    assertThat(printed()).isEmpty();
    assertThat(System.getProperty(ConnlensAgent.RUNNING_PROPERTY)).as("not marked as running").isNull();
  }

  @Test
  void withDebugAJvmWithoutJavaSqlHearsOneLineSayingWhy() {
    // a bad key too: its configuration problem is not printed, the JVM has nothing to configure
    ConnlensAgent.start("debug=true,no.such.key=1", null, false, ModuleLayer.empty(), errStream);

    assertThat(printed().lines()).singleElement().asString()
        .startsWith("[connlens] not installed: this JVM has no java.sql module")
        .contains("jcmd");
    assertThat(System.getProperty(ConnlensAgent.RUNNING_PROPERTY)).isNull();
  }

  @Test
  void aFailureToStartIsOneEscapedLineWithoutDebug() {
    Exception failure = new IllegalStateException("broken\n[connlens] forged line");

    ConnlensAgent.printFailure(failure, false, errStream);

    assertThat(printed().lines()).singleElement().asString()
        .isEqualTo("[connlens] failed to start; the application runs without connlens:"
            + " java.lang.IllegalStateException: broken\\u000a[connlens] forged line"
            + " (debug=true prints the stack trace)");
  }

  @Test
  void withDebugAFailureToStartPrintsItsStackTraceToo() {
    Exception failure = new IllegalStateException("broken");

    ConnlensAgent.printFailure(failure, true, errStream);

    assertThat(printed().lines().findFirst()).hasValue(
        "[connlens] failed to start; the application runs without connlens: java.lang.IllegalStateException: broken");
    assertThat(printed()).contains("\tat " + ConnlensAgentTest.class.getName() + ".withDebugAFailureToStartPrintsItsStackTraceToo(");
  }
}
