package io.connlens.agent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ExceptionChainTest {

  @Test
  void aCyclicCauseChainEnds() {
    Exception a = new Exception("a");
    Exception b = new Exception("b", a);
    a.initCause(b);
    assertThat(ExceptionChain.anyMessageContains(a, "nowhere")).isFalse();
    assertThat(ExceptionChain.anyMessageContains(a, "b")).isTrue();
  }

  @Test
  void aCycleThroughNextExceptionsEnds() {
    SQLException a = new SQLException("a");
    SQLException b = new SQLException("b");
    a.setNextException(b);
    b.initCause(a);
    assertThat(ExceptionChain.anyMessageContains(a, "nowhere")).isFalse();
  }

  @Test
  void theWalkIsBoundedInDepth() {
    Throwable deep = new Exception("the bottom");
    for (int i = 0; i < ExceptionChain.MAX_DEPTH + 5; i++) {
      deep = new Exception("level " + i, deep);
    }
    assertThat(ExceptionChain.anyMessageContains(deep, "the bottom")).isFalse();
    assertThat(ExceptionChain.anyMessageContains(deep, "level")).isTrue();
  }

  @Test
  void nullMessagesAndMessagesThatThrowAreNoMatch() {
    Exception throwing = new Exception() {
      @Override
      public String getMessage() {
        throw new IllegalStateException("hostile");
      }
    };
    assertThat(ExceptionChain.anyMessageContains(new Exception((String) null, throwing), "x")).isFalse();
    assertThat(ExceptionChain.anyMessageContains(null, "x")).isFalse();
  }

  @Test
  void aSubclassOfANamedClassMatches() {
    assertThat(ExceptionChain.anyOfClass(new Exception(new java.sql.SQLTimeoutException("t")), "java.sql.SQLException"))
        .isTrue();
    assertThat(ExceptionChain.anyOfClass(new Exception("t"), "java.sql.SQLException")).isFalse();
  }
}
