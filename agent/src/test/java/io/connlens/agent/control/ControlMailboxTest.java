package io.connlens.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlMailboxTest {
  @TempDir
  Path tmp;

  private final List<ControlProtocol.Request> asked = new ArrayList<>();

  private ControlMailbox mailbox() throws IOException {
    return ControlMailbox.create(tmp, 4242, request -> {
      asked.add(request);
      if (request.verb().equals("boom")) {
        throw new IllegalStateException("broken");
      }
      return ControlProtocol.ok("answer to " + request.verb() + " " + request.option("leases", "?"));
    });
  }

  private static void drop(ControlMailbox mailbox, String id, String text) throws IOException {
    Files.write(mailbox.directory().resolve(ControlProtocol.requestFile(id)), text.getBytes(StandardCharsets.UTF_8));
  }

  private static String response(ControlMailbox mailbox, String id) throws IOException {
    return new String(Files.readAllBytes(mailbox.directory().resolve(ControlProtocol.responseFile(id))), StandardCharsets.UTF_8);
  }

  @Test
  void theDirectoryIsTheUsersOnlyAndNamesThePid() throws IOException {
    ControlMailbox mailbox = mailbox();
    assertThat(mailbox.directory().getFileName().toString()).startsWith("connlens-4242-");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mailbox.directory()))).isEqualTo("rwx------");
  }

  @Test
  void aRequestIsAnsweredAndRemoved() throws IOException {
    ControlMailbox mailbox = mailbox();
    drop(mailbox, "abc-1", new ControlProtocol.Request("report", Map.of("leases", "true")).text());
    assertThat(mailbox.answerWaiting()).isEqualTo(1);
    assertThat(ControlProtocol.body(response(mailbox, "abc-1"))).isEqualTo("answer to report true");
    assertThat(mailbox.directory().resolve(ControlProtocol.requestFile("abc-1"))).doesNotExist();
    assertThat(mailbox.answerWaiting()).isZero();
  }

  @Test
  void aHandlerThatFailsBecomesAnErrorResponseNotASilence() throws IOException {
    ControlMailbox mailbox = mailbox();
    drop(mailbox, "x", "verb=boom\n");
    mailbox.answerWaiting();
    assertThatThrownBy(() -> ControlProtocol.body(response(mailbox, "x")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("broken");
  }

  @Test
  void aRequestWithoutAVerbOrTooLongIsAnsweredWithAnError() throws IOException {
    ControlMailbox mailbox = mailbox();
    drop(mailbox, "noverb", "leases=true\n");
    drop(mailbox, "big", "verb=report\n" + "x".repeat(ControlProtocol.MAX_REQUEST_BYTES));
    mailbox.answerWaiting();
    assertThat(response(mailbox, "noverb")).startsWith("error: ").contains("no verb");
    assertThat(response(mailbox, "big")).startsWith("error: ").contains("larger than");
    assertThat(asked).isEmpty();
  }

  @Test
  void aFileWhoseNameIsNoIdIsRemovedUnanswered() throws IOException {
    ControlMailbox mailbox = mailbox();
    Files.write(mailbox.directory().resolve("a b.request"), "verb=report\n".getBytes(StandardCharsets.UTF_8));
    mailbox.answerWaiting();
    assertThat(asked).isEmpty();
    assertThat(mailbox.directory().resolve("a b.request")).doesNotExist();
  }

  @Test
  void closeRemovesTheDirectoryAndWhatIsInIt() throws IOException {
    ControlMailbox mailbox = mailbox();
    drop(mailbox, "left", "verb=report\n");
    mailbox.close();
    assertThat(mailbox.directory()).doesNotExist();
    assertThat(mailbox.answerWaiting()).isZero();
  }
}
