package io.connlens.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import org.junit.jupiter.api.Test;

class AgentArgumentsTest {
  @Test
  void keysComeInTheOrderPutAndBlankValuesLeaveTheDefault() {
    AgentArguments arguments = new AgentArguments().put("report", "/b/target/connlens/connlens-%p-%t.json")
        .put("fail.on", " leak,N_PLUS_ONE ").put("leak.threshold", null).put("app.packages", " ");
    assertThat(arguments.text()).isEqualTo("report=/b/target/connlens/connlens-%p-%t.json,fail.on=leak,N_PLUS_ONE");
    assertThat(arguments.vmArgument(new File("/m2/connlens-agent.jar")))
        .isEqualTo("-javaagent:/m2/connlens-agent.jar=report=/b/target/connlens/connlens-%p-%t.json,fail.on=leak,N_PLUS_ONE");
  }

  @Test
  void aLaterValueForAKeyReplacesTheEarlierOne() {
    assertThat(new AgentArguments().put("fail.on", "leak").put("fail.on", "any").text()).isEqualTo("fail.on=any");
  }

  @Test
  void aPathWithASpaceIsQuotedForArgLine() {
    assertThat(new AgentArguments().put("fail.on", "leak").vmArgument(new File("/home/me/my repo/connlens-agent.jar")))
        .isEqualTo("\"-javaagent:/home/me/my repo/connlens-agent.jar=fail.on=leak\"");
  }

  @Test
  void whatTheAgentCouldNotReadBackIsRefusedWithTheWayOut() {
    assertThatThrownBy(() -> new AgentArguments().put("app.packages", "com.acme,x=y"))
        .hasMessageContaining("-Dconnlens.app.packages");
    assertThatThrownBy(() -> new AgentArguments().put("fail on", "leak")).hasMessageContaining("'fail on' is not an agent key");
  }
}
