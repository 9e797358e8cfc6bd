package io.connlens.agent.config;

import io.connlens.api.FindingType;
import java.util.Locale;
import java.util.Map;

/**
 * The configuration reference, written from the declarations in {@link ConfigKeys}: {@link
 * #markdown()} is {@code docs/configuration.md} (a test keeps the file equal to it) and {@link
 * #help()} is the {@code --help} text.
 */
public final class ConfigDocs {
  private static final int HELP_WIDTH = 78;

  private ConfigDocs() {}

  /** The full text of {@code docs/configuration.md}. */
  public static String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("<!-- Generated from io.connlens.agent.config.ConfigKeys by ConfigDocs.markdown();")
        .append(" do not edit.\n")
        .append("     After changing a key, run the agent's tests with -Dconnlens.docs.update=true.")
        .append(" -->\n\n");
    md.append("# Configuration\n\n");
    md.append("connlens reads its settings from three places. For each key, the first place that")
        .append(" sets it wins:\n\n")
        .append("1. **Agent arguments**: `-javaagent:connlens-agent.jar=key=value,key=value`.\n")
        .append("2. **System properties**: `-Dconnlens.<key>=value`, for example")
        .append(" `-Dconnlens.leak.threshold=10s`.\n")
        .append("3. **Environment variables**: `CONNLENS_<KEY>`, the key in upper case with dots")
        .append(" and dashes turned into underscores, for example `CONNLENS_LEAK_THRESHOLD=10s`.\n\n")
        .append("A key set nowhere takes its default. For example, a QA run that writes a report")
        .append(" and fails when a connection leaks:\n\n")
        .append("```\n")
        .append("java -javaagent:agent/target/connlens-agent.jar=report=target/connlens.json,")
        .append("fail.on=leak -jar app.jar\n")
        .append("```\n\n");

    md.append("## Agent arguments\n\n")
        .append("Agent arguments are `key=value` pairs separated by commas. A comma-separated part")
        .append(" without `=` continues the previous value, so values may contain commas:")
        .append(" `fail.on=leak,N_PLUS_ONE,report=/tmp/r.json` sets `fail.on` to")
        .append(" `leak,N_PLUS_ONE` and `report` to `/tmp/r.json`. Empty parts are ignored, and")
        .append(" spaces around keys and values are trimmed. A value that contains a comma")
        .append(" followed by `=` cannot be given as an agent argument; use the system property.\n\n");

    md.append("## Values\n\n")
        .append("- **Durations** are a number with a unit: `500ms`, `30s`, `5m`, `1h`; decimals")
        .append(" work too (`1.5s`). A number without a unit is refused rather than guessed.\n")
        .append("- **Booleans** are `true` or `false`; `yes`/`no` and `on`/`off` work too.\n")
        .append("- **Finding types** (`fail.on`) are `leak`, `any`, `none`, or the type names")
        .append(" below in any case, separated by `,` or `+`: `fail.on=leak+N_PLUS_ONE`.\n")
        .append("- **Paths** are relative to the working directory unless absolute.\n\n");

    md.append("## Mistakes\n\n")
        .append("The application always starts. An unknown key in the agent arguments or in a")
        .append(" `connlens.*` system property gives one warning that names the key and the keys")
        .append(" it may have meant. A bad value gives one warning that names the key, where it")
        .append(" was set, the value, what is accepted and the default used instead, for example:\n\n")
        .append("```\n")
        .append(AgentConfig.load("leak.threshold=abc", null, null).problems().get(0))
        .append("\n```\n\n")
        .append("A bad value is reported even where a place that comes first sets the key, as it")
        .append(" would take effect once that setting is gone; the warning says which place's value")
        .append(" is used:\n\n")
        .append("```\n")
        .append(AgentConfig.load("leak.threshold=10s", Map.of("connlens.leak.threshold", "abc"), null)
            .problems().get(0))
        .append("\n```\n\n")
        .append("Unknown `CONNLENS_*` environment variables are ignored without a warning: the")
        .append(" environment is shared with other tools and with child processes, so a variable")
        .append(" connlens does not know may well be someone else's. Check the spelling of")
        .append(" environment variables against the table below. An empty environment variable")
        .append(" (`CONNLENS_REPORT=`) counts as not set.\n\n");

    md.append("## Keys\n\n")
        .append("| key | type | default | description |\n")
        .append("| --- | --- | --- | --- |\n");
    for (ConfigKey<?> key : ConfigKeys.all()) {
      md.append("| `").append(key.name()).append("` | ")
          .append(cell(key.type().describe())).append(" | ")
          .append(cell(key.defaultDescription())).append(" | ")
          .append(cell(key.description())).append(" |\n");
    }
    md.append("\n## Setting a key\n\n")
        .append("| key | agent argument | system property | environment variable |\n")
        .append("| --- | --- | --- | --- |\n");
    for (ConfigKey<?> key : ConfigKeys.all()) {
      String example = key.example();
      md.append("| `").append(key.name()).append("` | `")
          .append(key.name()).append('=').append(example).append("` | `-D")
          .append(key.systemProperty()).append('=').append(example).append("` | `")
          .append(key.environmentVariable()).append('=').append(example).append("` |\n");
    }
    md.append("\n## Finding types\n\n")
        .append("The names `fail.on` accepts. `leak` covers the types marked in the leak column.")
        .append(FindingType.notReported().isEmpty() ? "" : " The types marked (not reported yet) are reserved for"
            + " detectors to come: `fail.on` accepts their names, but nothing reports them, so they fail no run.")
        .append("\n\n")
        .append("| type | severity | leak | meaning |\n")
        .append("| --- | --- | --- | --- |\n");
    for (FindingType type : FindingType.values()) {
      md.append("| `").append(type.name()).append("` | ")
          .append(type.severity().name().toLowerCase(Locale.ROOT)).append(" | ")
          .append(type.isLeak() ? "yes" : "").append(" | ")
          .append(cell(type.description())).append(type.isReported() ? "" : " (not reported yet)")
          .append(" |\n");
    }
    return md.toString();
  }

  /** The plain-text key listing for {@code --help}, wrapped to fit a terminal. */
  public static String help() {
    StringBuilder help = new StringBuilder();
    help.append("Configuration (agent arguments key=value,key=value; or -Dconnlens.<key>=value;\n")
        .append("or environment CONNLENS_<KEY>; the first of these that sets a key wins).\n")
        .append("Durations take a unit: 500ms, 30s, 5m, 1h.\n");
    for (ConfigKey<?> key : ConfigKeys.all()) {
      help.append('\n').append("  ").append(key.name()).append('\n');
      wrap(help, key.description(), "      ");
      wrap(help, "Type: " + key.type().describe() + ". Default: " + key.defaultDescription() + ".",
          "      ");
      wrap(help, "Also -D" + key.systemProperty() + "=..., " + key.environmentVariable() + "=...",
          "      ");
    }
    return help.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace('\n', ' ');
  }

  private static void wrap(StringBuilder out, String text, String indent) {
    int lineLength = indent.length();
    out.append(indent);
    boolean lineEmpty = true;
    for (String word : text.split(" ")) {
      if (word.isEmpty()) {
        continue;
      }
      if (!lineEmpty && lineLength + 1 + word.length() > HELP_WIDTH) {
        out.append('\n').append(indent);
        lineLength = indent.length();
        lineEmpty = true;
      }
      if (!lineEmpty) {
        out.append(' ');
        lineLength++;
      }
      out.append(word);
      lineLength += word.length();
      lineEmpty = false;
    }
    out.append('\n');
  }
}
