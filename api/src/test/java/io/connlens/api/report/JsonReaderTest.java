package io.connlens.api.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();

  @Test
  void readsEveryKindOfValueInDocumentOrder() {
    Object value = JsonReader.parse(" {\"b\": [1, -2.5e3, true, false, null], \"a\": \"x\\u00e9\\n\\\"\", \"c\": {}} ");
    assertThat(value).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) value;
    assertThat(object.keySet()).containsExactly("b", "a", "c");
    assertThat(object.get("b")).isEqualTo(java.util.Arrays.asList(1L, -2500.0, true, false, null));
    assertThat(object.get("a")).isEqualTo("xé\n\"");
    assertThat((Map<?, ?>) object.get("c")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "01", "1.", "-", "tru", "\"\\x\"", "\"a",
      "[1] 2", "{a:1}", "\"\t\"", "\"\\u12\"", "nul"})
  void refusesWhatIsNotOneJsonValue(String text) {
    assertThatThrownBy(() -> JsonReader.parse(text)).isInstanceOf(JsonReader.JsonException.class)
        .hasMessageContaining("at offset");
  }

  @Test
  void refusesNestingDeeperThanItsLimit() {
    String deep = "[".repeat(JsonReader.MAX_DEPTH + 1) + "]".repeat(JsonReader.MAX_DEPTH + 1);
    assertThatThrownBy(() -> JsonReader.parse(deep)).isInstanceOf(JsonReader.JsonException.class)
        .hasMessageContaining("nested deeper");
    String deepest = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
    assertThat(JsonReader.parse(deepest)).isInstanceOf(List.class);
  }

  /** Any text: a value or a JsonException, never another exception. */
  @Property
  void anyTextIsAValueOrARefusal(@ForAll("jsonish") String text) {
    try {
      JsonReader.parse(text);
    } catch (JsonReader.JsonException refused) {
      assertThat(refused).hasMessageContaining("at offset");
    }
  }

  /** What the writer writes, the reader reads back as Jackson does. */
  @Property
  void readsWhatTheWriterWroteAsJacksonDoes(@ForAll("strings") String text, @ForAll long number) throws Exception {
    String json = new JsonWriter().beginObject().name("s").value(text).name("n").value(number)
        .name("list").beginArray().value(true).nullValue().endArray().endObject().toString();
    Map<?, ?> read = (Map<?, ?>) JsonReader.parse(json);
    Map<?, ?> jackson = JACKSON.readValue(json, Map.class);
    assertThat(read.get("s")).isEqualTo(text).isEqualTo(jackson.get("s"));
    assertThat(read.get("n")).isEqualTo(number);
    assertThat(((Number) jackson.get("n")).longValue()).isEqualTo(number);
    assertThat(read.get("list")).isEqualTo(java.util.Arrays.asList(true, null));
  }

  @Provide
  Arbitrary<String> jsonish() {
    return Arbitraries.strings().withChars("{}[]:,\"\\ntrufalse0123456789.-eE u").ofMaxLength(40);
  }

  @Provide
  Arbitrary<String> strings() {
    return Arbitraries.strings().all().ofMaxLength(30);
  }
}
