package io.connlens.agent.control;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the command line and a running agent say to each other through the {@link ControlMailbox},
 * and the system properties the agent publishes for the command line to read through the Attach API.
 * Both sides are in this jar, but not always the same build: the command line of one version may
 * talk to the agent of another, so requests are {@code key=value} lines a reader skips when it does
 * not know a key, and a response says {@code ok} or {@code error: why} on its first line.
 */
public final class ControlProtocol {
  /** Set once the agent runs in a JVM: {@code premain} or {@code attached}. */
  public static final String RUNNING_PROPERTY = "io.connlens.agent.running";
  /** When the agent started in the JVM, epoch milliseconds. */
  public static final String STARTED_PROPERTY = "io.connlens.agent.started";
  /** The running agent's version. */
  public static final String VERSION_PROPERTY = "io.connlens.agent.version";
  /** The mailbox directory of the running agent, once it listens. */
  public static final String MAILBOX_PROPERTY = "io.connlens.agent.control";
  /**
   * Set while an agent started with the JVM waits for the first JDBC class: it has made nothing yet (no
   * mailbox, no JMX bean) and has nothing to tell; removed once it is up.
   */
  public static final String IDLE_PROPERTY = "io.connlens.agent.idle";

  static final String REQUEST_SUFFIX = ".request";
  static final String RESPONSE_SUFFIX = ".response";
  /** A request is a few short lines; anything longer is not one. */
  public static final int MAX_REQUEST_BYTES = 4096;

  /** Verb: the JSON report now (with {@code leases=true}, the open leases in it). */
  public static final String REPORT = "report";

  private static final String OK = "ok";
  private static final String ERROR = "error: ";

  private ControlProtocol() {}

  /** The request file's name for {@code id}. */
  public static String requestFile(String id) {
    return id + REQUEST_SUFFIX;
  }

  /** The response file's name for {@code id}. */
  public static String responseFile(String id) {
    return id + RESPONSE_SUFFIX;
  }

  /** A successful response carrying {@code body}. */
  public static String ok(String body) {
    return OK + "\n" + body;
  }

  /** A failed response saying why, on one line. */
  public static String error(String why) {
    return ERROR + String.valueOf(why).replace('\n', ' ').replace('\r', ' ');
  }

  /**
   * The body of {@code response}.
   *
   * @throws IllegalStateException with the agent's reason when the response is an error, or when it is no response
   */
  public static String body(String response) {
    if (response.startsWith(ERROR)) {
      throw new IllegalStateException(response.substring(ERROR.length()).trim());
    }
    if (response.equals(OK)) {
      return "";
    }
    if (!response.startsWith(OK + "\n")) {
      throw new IllegalStateException("not a connlens response");
    }
    return response.substring(OK.length() + 1);
  }

  /** A request: a verb and its options. */
  public static final class Request {
    private final String verb;
    private final Map<String, String> options;

    /** A request for {@code verb} with {@code options} (names and values without line breaks or {@code =} in names). */
    public Request(String verb, Map<String, String> options) {
      this.verb = verb;
      this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** What is asked. */
    public String verb() {
      return verb;
    }

    /** The option {@code name}, or {@code fallback}. */
    public String option(String name, String fallback) {
      return options.getOrDefault(name, fallback);
    }

    /** The request as the file's text. */
    public String text() {
      StringBuilder text = new StringBuilder("verb=").append(verb).append('\n');
      for (Map.Entry<String, String> option : options.entrySet()) {
        text.append(option.getKey()).append('=').append(option.getValue()).append('\n');
      }
      return text.toString();
    }

    /**
     * Reads a request file's text.
     *
     * @throws IllegalArgumentException when it names no verb
     */
    public static Request parse(String text) {
      String verb = null;
      Map<String, String> options = new LinkedHashMap<>();
      for (String line : text.split("\n")) {
        int eq = line.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String name = line.substring(0, eq).trim();
        String value = line.substring(eq + 1).trim();
        if (name.equals("verb")) {
          verb = value;
        } else {
          options.put(name, value);
        }
      }
      if (verb == null || verb.isEmpty()) {
        throw new IllegalArgumentException("the request names no verb");
      }
      return new Request(verb, options);
    }
  }
}
