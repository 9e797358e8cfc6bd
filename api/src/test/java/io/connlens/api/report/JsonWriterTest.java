package io.connlens.api.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
  private final ObjectMapper jackson = new ObjectMapper();

  @Test
  void prettyPrintsNestedValuesWithTwoSpaceIndent() {
    // given / when
    String json = new JsonWriter().beginObject()
        .name("name").value("connlens")
        .name("count").value(3L)
        .name("ok").value(true)
        .name("none").nullValue()
        .name("list").beginArray().value(1L).beginObject().name("a").value(false).endObject().endArray()
        .endObject().toString();

    // then
    assertThat(json).isEqualTo("{\n"
        + "  \"name\": \"connlens\",\n"
        + "  \"count\": 3,\n"
        + "  \"ok\": true,\n"
        + "  \"none\": null,\n"
        + "  \"list\": [\n"
        + "    1,\n"
        + "    {\n"
        + "      \"a\": false\n"
        + "    }\n"
        + "  ]\n"
        + "}");
  }

  @Test
  void writesEmptyContainersOnOneLine() {
    String json = new JsonWriter().beginObject()
        .name("object").beginObject().endObject()
        .name("array").beginArray().endArray()
        .endObject().toString();

    assertThat(json).isEqualTo("{\n  \"object\": {},\n  \"array\": []\n}");
  }

  @Test
  void writesNullStringAsNull() {
    String json = new JsonWriter().beginArray().value((String) null).endArray().toString();

    assertThat(json).isEqualTo("[\n  null\n]");
  }

  @Test
  void escapesQuotesBackslashesAndShortFormControlCharacters() {
    String json = new JsonWriter().value("say \"hi\"\\ \n\r\t\b\f").toString();

    assertThat(json).isEqualTo("\"say \\\"hi\\\"\\\\ \\n\\r\\t\\b\\f\"");
  }

  @Test
  void escapesEveryOtherControlCharacterAsUnicodeEscape() throws Exception {
    // given every character below U+0020
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x20; c++) {
      all.append(c);
    }

    // when
    String json = new JsonWriter().value(all.toString()).toString();

    // then no raw control character is left, and a strict parser reads the text back
    assertThat(json.chars().filter(c -> c < 0x20)).isEmpty();
    assertThat(json).contains("\\u0000", "\\u0001", "\\u001f");
    assertThat(jackson.readValue(json, String.class)).isEqualTo(all.toString());
  }

  @Test
  void keepsNonAsciiCharactersAndSurrogatePairsVerbatim() throws Exception {
    String text = "Grüße € 漢字 😀";

    String json = new JsonWriter().value(text).toString();

    assertThat(json).isEqualTo("\"" + text + "\"");
    assertThat(jackson.readValue(json, String.class)).isEqualTo(text);
  }

  @Test
  void escapesLoneSurrogates() throws Exception {
    // given a high surrogate at the end, a lone low one, and a pair in the wrong order
    String text = "a\ud800 b\udc00 c\udc00\ud800";

    // when
    String json = new JsonWriter().value(text).toString();

    // then none is written raw (UTF-8 could not encode it), and the escapes read back as written
    assertThat(json).isEqualTo("\"a\\ud800 b\\udc00 c\\udc00\\ud800\"");
    assertThat(jackson.readValue(json, String.class)).isEqualTo(text);
  }

  @Test
  void escapesLineAndParagraphSeparators() {
    String json = new JsonWriter().value("a\u2028b\u2029").toString();

    assertThat(json).isEqualTo("\"a\\u2028b\\u2029\"");
  }

  @Test
  void escapesMemberNames() throws Exception {
    String json = new JsonWriter().beginObject().name("a\"b\n").value(1L).endObject().toString();

    assertThat(jackson.readTree(json).fieldNames().next()).isEqualTo("a\"b\n");
  }

  @Test
  void rejectsAValueInsideAnObjectWithoutAName() {
    JsonWriter json = new JsonWriter().beginObject();

    assertThatThrownBy(() -> json.value(1L)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsANameInsideAnArray() {
    JsonWriter json = new JsonWriter().beginArray();

    assertThatThrownBy(() -> json.name("a")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsClosingTheWrongContainer() {
    JsonWriter json = new JsonWriter().beginObject();

    assertThatThrownBy(json::endArray).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsClosingAnObjectWhoseLastNameHasNoValue() {
    JsonWriter json = new JsonWriter().beginObject().name("a");

    assertThatThrownBy(json::endObject).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsASecondTopLevelValue() {
    JsonWriter json = new JsonWriter().value(1L);

    assertThatThrownBy(() -> json.value(2L)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void nestsDeeperThanItsInitialStack() throws Exception {
    JsonWriter json = new JsonWriter();
    for (int i = 0; i < 20; i++) {
      json.beginArray();
    }
    for (int i = 0; i < 20; i++) {
      json.endArray();
    }

    assertThat(jackson.readTree(json.toString()).isArray()).isTrue();
  }
}
