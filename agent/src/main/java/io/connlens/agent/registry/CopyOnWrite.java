package io.connlens.agent.registry;

import java.util.Arrays;

/**
 * The listener arrays the registry and the statement recorder keep: written at wiring, read on every
 * lease or statement, so each addition makes a new array and a reader never takes a lock.
 */
final class CopyOnWrite {
  private CopyOnWrite() {}

  /** A new array: {@code array}, then {@code element}. */
  static <T> T[] appended(T[] array, T element) {
    T[] more = Arrays.copyOf(array, array.length + 1);
    more[array.length] = element;
    return more;
  }
}
