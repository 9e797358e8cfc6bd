package io.connlens.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {

  /** Two keys that are equal() but not the same object. */
  private static final class EqualKey {
    @Override
    public boolean equals(Object o) {
      return o instanceof EqualKey;
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }

  @Test
  void putReplacesTheValueOfAKeyAndAddsANewOne() {
    WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
    Object key = new Object();
    map.put(key, "first");
    map.put(key, "second");
    Object other = new Object();
    map.put(other, "other");
    assertThat(map.get(key)).isEqualTo("second");
    assertThat(map.get(other)).isEqualTo("other");
    assertThat(map.size()).isEqualTo(2);
  }

  @Test
  void keysAreComparedByIdentityNotEquals() {
    // given two equal but distinct keys
    WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
    EqualKey a = new EqualKey();
    EqualKey b = new EqualKey();
    // when both are put
    map.putIfAbsent(a, "a");
    map.putIfAbsent(b, "b");
    // then each has its own entry
    assertThat(map.get(a)).isEqualTo("a");
    assertThat(map.get(b)).isEqualTo("b");
    assertThat(map.size()).isEqualTo(2);
  }

  @Test
  void putIfAbsentKeepsTheFirstValueForTheSameObject() {
    WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
    Object key = new Object();
    assertThat(map.putIfAbsent(key, "first")).isNull();
    assertThat(map.putIfAbsent(key, "second")).isEqualTo("first");
    assertThat(map.get(key)).isEqualTo("first");
    assertThat(map.size()).isEqualTo(1);
  }

  @Test
  void removeReturnsTheValueOnce() {
    WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
    Object key = new Object();
    map.putIfAbsent(key, "v");
    assertThat(map.remove(key)).isEqualTo("v");
    assertThat(map.remove(key)).isNull();
    assertThat(map.size()).isZero();
  }

  @Test
  void valuesOfCollectedKeysAreHandedBackOnce() throws InterruptedException {
    // given an entry whose key nobody references any more
    WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
    Object kept = new Object();
    map.putIfAbsent(kept, "kept");
    map.putIfAbsent(new Object(), "dropped");
    // when the garbage collector has run (wait on the condition, with a deadline)
    List<String> collected = new ArrayList<>();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (collected.isEmpty() && System.nanoTime() < deadline) {
      System.gc();
      collected.addAll(map.pollCollected());
      Thread.sleep(10);
    }
    // then the dropped value comes back, the kept one stays, and a second poll is empty
    assertThat(collected).containsExactly("dropped");
    assertThat(map.get(kept)).isEqualTo("kept");
    assertThat(map.pollCollected()).isEmpty();
    assertThat(map.size()).isEqualTo(1);
  }
}
