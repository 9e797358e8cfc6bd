package io.connlens.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's Chromium, headless, driven through the DevTools protocol over its WebSocket (the JDK's
 * client; no browser driver): opens a page, reads what it shows ({@code innerText}, which leaves out
 * what is hidden), evaluates an expression, takes a screenshot. One browser per instance.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final List<String> BINARIES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process browser;
  private final WebSocket page;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();

  /** The browser binary, if the machine has one. */
  static Optional<Path> binary() {
    return BINARIES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  HeadlessChromium(Path binary, Path profile) throws Exception {
    Files.createDirectories(profile);
    browser = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile, "--remote-debugging-port=0",
        "--window-size=1280,900", "about:blank")
        .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).size() < 2) {
      if (!browser.isAlive() || System.nanoTime() > deadline) {
        browser.destroyForcibly();
        throw new IllegalStateException("Chromium did not start (see " + profile.resolve("chromium.log") + ")");
      }
      Thread.sleep(50); // the browser writes the file once it listens; there is nothing to wait on but the file
    }
    int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
    HttpClient http = HttpClient.newHttpClient();
    JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
        .build(), HttpResponse.BodyHandlers.ofString()).body());
    String socket = null;
    for (JsonNode target : targets) {
      if ("page".equals(target.path("type").asText())) {
        socket = target.path("webSocketDebuggerUrl").asText();
        break;
      }
    }
    if (socket == null) {
      throw new IllegalStateException("Chromium has no page: " + targets);
    }
    page = http.newWebSocketBuilder().buildAsync(URI.create(socket), new Listener()).get(30, TimeUnit.SECONDS);
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder message = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        try {
          JsonNode answer = JSON.readTree(message.toString());
          CompletableFuture<JsonNode> waiting = answer.has("id") ? answers.remove(answer.get("id").asInt()) : null;
          if (waiting != null) {
            waiting.complete(answer);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          message.setLength(0);
        }
      }
      socket.request(1);
      return null;
    }
  }

  /** Sends one protocol command and returns its {@code result}; fails on the protocol's error. */
  JsonNode call(String method, Map<String, Object> params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    answers.put(id, answer);
    ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
    command.set("params", JSON.valueToTree(params));
    page.sendText(command.toString(), true);
    try {
      JsonNode reply = answer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      if (reply.has("error")) {
        throw new IllegalStateException(method + ": " + reply.get("error"));
      }
      return reply.path("result");
    } catch (Exception e) {
      throw new IllegalStateException("no answer to " + method, e);
    }
  }

  /** Opens {@code file} and waits, with the deadline, until it has loaded. */
  void open(Path file) {
    call("Page.navigate", Map.of("url", file.toUri().toString()));
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!"complete".equals(evaluate("document.readyState"))
        || !file.toUri().toString().equals(evaluate("document.location.href"))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(file + " did not load within " + DEADLINE);
      }
      Thread.onSpinWait();
    }
  }

  /** The value of a JavaScript expression on the page, as text. */
  String evaluate(String expression) {
    JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    return result.path("result").path("value").asText();
  }

  /** The page's text as shown: what {@code document.body.innerText} gives (hidden elements are left out). */
  String shownText() {
    return evaluate("document.body.innerText");
  }

  /** A PNG of what the window shows (1280 by 900 pixels): the top of the page. */
  void screenshotOfWindow(Path png) throws IOException {
    JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png"));
    Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
  }

  /** A PNG of the whole page. */
  void screenshot(Path png) throws IOException {
    String width = evaluate("document.documentElement.scrollWidth");
    String height = evaluate("document.documentElement.scrollHeight");
    call("Emulation.setDeviceMetricsOverride", Map.of("width", Integer.parseInt(width),
        "height", Integer.parseInt(height), "deviceScaleFactor", 1, "mobile", false));
    JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
    Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
  }

  @Override
  public void close() {
    page.abort();
    browser.destroy();
    try {
      if (!browser.waitFor(10, TimeUnit.SECONDS)) {
        browser.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      browser.destroyForcibly();
    }
  }
}
