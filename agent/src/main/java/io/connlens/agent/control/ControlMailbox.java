package io.connlens.agent.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How the command line asks a running agent for its state without loading anything into the JVM: a
 * directory only this JVM's user can enter, where the command line drops a request file and the agent
 * answers with a response file. The agent looks for requests a few times a second on its own thread.
 *
 * <p>Why not a socket: nothing may listen on a network port (a local JMX connector does), and a second
 * dynamic agent load per request prints JDK 21's dynamic-agent warning each time. The directory's
 * permissions are the Attach API's own rule, same user only; the command line finds the directory
 * through the system property {@link ControlProtocol#MAILBOX_PROPERTY}, read through the Attach API.
 *
 * <p>A request {@code ID.request} holds {@code key=value} lines (at most {@link ControlProtocol#MAX_REQUEST_BYTES});
 * the answer {@code ID.response} is the handler's text, moved into place whole. A request that cannot
 * be read is answered with an error rather than left for the command line to time out on.
 */
public final class ControlMailbox {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  private final Path directory;
  private final Function<ControlProtocol.Request, String> handler;

  private ControlMailbox(Path directory, Function<ControlProtocol.Request, String> handler) {
    this.directory = directory;
    this.handler = handler;
  }

  /**
   * Makes the mailbox directory, readable by this user only, under {@code parent} (the JVM's
   * temporary directory).
   *
   * @param handler answers a request with the text of its response; it may throw, which becomes an error response
   */
  public static ControlMailbox create(Path parent, long pid, Function<ControlProtocol.Request, String> handler)
      throws IOException {
    Path directory;
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      directory = Files.createTempDirectory(parent, "connlens-" + pid + "-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      directory = Files.createTempDirectory(parent, "connlens-" + pid + "-"); // per-user temp dir on Windows
    }
    return new ControlMailbox(directory, handler);
  }

  /** The directory the command line writes to. */
  public Path directory() {
    return directory;
  }

  /** Answers every request waiting now; returns how many. Never throws: a failure answers that request with an error. */
  public int answerWaiting() {
    int answered = 0;
    try (DirectoryStream<Path> requests = Files.newDirectoryStream(directory, "*" + ControlProtocol.REQUEST_SUFFIX)) {
      for (Path request : requests) {
        String name = request.getFileName().toString();
        String id = name.substring(0, name.length() - ControlProtocol.REQUEST_SUFFIX.length());
        if (!ID.matcher(id).matches()) {
          Files.deleteIfExists(request);
          continue;
        }
        answer(id, request);
        answered++;
      }
    } catch (IOException | RuntimeException e) {
      // the directory was removed (a temp cleaner) or is unreadable: nothing to answer
    }
    return answered;
  }

  private void answer(String id, Path request) throws IOException {
    String response;
    try {
      byte[] bytes = readAtMost(request, ControlProtocol.MAX_REQUEST_BYTES);
      Files.deleteIfExists(request);
      response = bytes == null ? ControlProtocol.error("request larger than " + ControlProtocol.MAX_REQUEST_BYTES + " bytes")
          : handler.apply(ControlProtocol.Request.parse(new String(bytes, StandardCharsets.UTF_8)));
    } catch (NoSuchFileException gone) {
      return; // the command line gave up and removed it
    } catch (IllegalArgumentException bad) {
      response = ControlProtocol.error(bad.getMessage());
    } catch (RuntimeException | Error failure) {
      response = ControlProtocol.error("the agent failed to answer: " + failure);
    }
    Path answer = directory.resolve(ControlProtocol.responseFile(id));
    Path temp = directory.resolve(answer.getFileName() + ".tmp");
    Files.write(temp, response.getBytes(StandardCharsets.UTF_8));
    try {
      Files.move(temp, answer, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, answer, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The file's bytes, or {@code null} when it holds more than {@code limit}. */
  private static byte[] readAtMost(Path file, int limit) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(limit + 1);
      return bytes.length > limit ? null : bytes;
    }
  }

  /** Removes the directory and what is left in it, as the JVM exits. */
  public void close() {
    try (DirectoryStream<Path> left = Files.newDirectoryStream(directory)) {
      for (Path file : left) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(directory);
    } catch (IOException | RuntimeException e) {
      // a file the command line is writing right now: the directory stays, empty or nearly
    }
  }
}
