package io.connlens.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ControlProtocolTest {
  @Test
  void aRequestReadsBackAsWritten() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("leases", "true");
    options.put("limit", "20");
    ControlProtocol.Request read = ControlProtocol.Request.parse(new ControlProtocol.Request("report", options).text());
    assertThat(read.verb()).isEqualTo("report");
    assertThat(read.option("leases", null)).isEqualTo("true");
    assertThat(read.option("limit", null)).isEqualTo("20");
    assertThat(read.option("other", "fallback")).isEqualTo("fallback");
  }

  @Test
  void linesItDoesNotKnowAreSkipped() {
    ControlProtocol.Request read = ControlProtocol.Request.parse("# a comment\nverb=report\nnonsense\n=x\n");
    assertThat(read.verb()).isEqualTo("report");
  }

  @Test
  void anErrorResponseCarriesItsReasonOnOneLine() {
    String response = ControlProtocol.error("no\nsuch verb");
    assertThat(response).doesNotContain("\n");
    assertThatThrownBy(() -> ControlProtocol.body(response)).hasMessage("no such verb");
  }

  @Test
  void somethingElseIsNoResponse() {
    assertThatThrownBy(() -> ControlProtocol.body("okay then")).hasMessageContaining("not a connlens response");
  }

  @Property
  void anyBodyComesBackIntact(@ForAll String body) {
    assertThat(ControlProtocol.body(ControlProtocol.ok(body))).isEqualTo(body);
  }

  @Property
  void anyVerbAndValueComeBackIntact(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String verb,
      @ForAll @AlphaChars @StringLength(max = 40) String value) {
    ControlProtocol.Request read = ControlProtocol.Request.parse(new ControlProtocol.Request(verb, Map.of("k", value)).text());
    assertThat(read.verb()).isEqualTo(verb);
    assertThat(read.option("k", null)).isEqualTo(value);
  }
}
