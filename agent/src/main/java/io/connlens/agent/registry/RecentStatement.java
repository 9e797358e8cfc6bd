package io.connlens.agent.registry;

import java.lang.ref.WeakReference;

/**
 * One thread's most recently created statement, held weakly, and what {@link StatementRecorder} knows
 * of it: an execute of the statement the thread just made (nearly every execute) is then recognized by
 * identity, without a lookup in the recorder's map. Owned by one thread's hook state, never shared;
 * weak, so that it keeps no statement, and so no connection, alive.
 */
public final class RecentStatement {
  private WeakReference<Object> statement;
  private StatementRecorder.StatementInfo info;

  /** What is known of {@code candidate} when it is the recent statement, else {@code null}. */
  StatementRecorder.StatementInfo infoOf(Object candidate) {
    WeakReference<Object> ref = statement;
    StatementRecorder.StatementInfo known = info;
    // closed on another thread: the recorder's map no longer knows it, and neither does this
    return ref != null && ref.get() == candidate && known != null && !known.closed ? known : null;
  }

  void remember(WeakReference<Object> ref, StatementRecorder.StatementInfo known) {
    statement = ref;
    info = known;
  }

  /** Forgets {@code closed} when it is the recent statement. */
  void forget(Object closed) {
    WeakReference<Object> ref = statement;
    if (ref != null && ref.get() == closed) {
      statement = null;
      info = null;
    }
  }
}
