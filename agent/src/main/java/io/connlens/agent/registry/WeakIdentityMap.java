package io.connlens.agent.registry;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A concurrent map from objects, compared by identity and held weakly, to values. Lets the agent keep
 * state per connection or data source without adding fields (classes may already be loaded when the
 * agent attaches) and without keeping the application's objects alive.
 *
 * <p>When a key is garbage-collected its entry is not dropped silently: {@link #pollCollected()} hands
 * the values back, which is how a connection dropped without {@code close()} is detected.
 */
public final class WeakIdentityMap<K, V> {
  private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();
  private final ReferenceQueue<K> collected = new ReferenceQueue<>();

  /** The value for {@code key}, or {@code null}. */
  public V get(K key) {
    return map.get(new Lookup(key));
  }

  /** Maps {@code key} to {@code value} unless it is mapped already; returns the value in force before, or {@code null}. */
  public V putIfAbsent(K key, V value) {
    return map.putIfAbsent(new WeakKey<>(key, collected), value);
  }

  /**
   * As {@link #putIfAbsent}, returning the weak reference stored for {@code key}, or {@code null} when
   * the key was mapped already: a caller may keep it to recognize the key later without a lookup.
   */
  public WeakReference<K> putIfAbsentWeakly(K key, V value) {
    WeakKey<K> weak = new WeakKey<>(key, collected);
    return map.putIfAbsent(weak, value) == null ? weak : null;
  }

  /** Maps {@code key} to {@code value}, replacing any value in force. */
  public void put(K key, V value) {
    Lookup lookup = new Lookup(key);
    while (map.replace(lookup, value) == null) {
      if (map.putIfAbsent(new WeakKey<>(key, collected), value) == null) {
        return;
      }
    }
  }

  /**
   * The value for {@code key}, made by {@code create} and stored when there is none. Two threads
   * racing for a new key may both call {@code create}; both get the value stored first.
   */
  public V computeIfAbsent(K key, Function<? super K, ? extends V> create) {
    V value = get(key);
    if (value == null) {
      V made = create.apply(key);
      V earlier = putIfAbsent(key, made);
      value = earlier != null ? earlier : made;
    }
    return value;
  }

  /** Removes and returns the value for {@code key}, or {@code null}. */
  public V remove(K key) {
    return map.remove(new Lookup(key));
  }

  /** The number of entries, including any whose key was collected but not yet polled. */
  public int size() {
    return map.size();
  }

  /**
   * The values, as a live view that is safe to iterate while other threads change the map (it may or
   * may not show changes made during the iteration). Not copied: a scan over 100,000 open leases
   * should not allocate 100,000 slots.
   */
  public Collection<V> values() {
    return Collections.unmodifiableCollection(map.values());
  }

  /** Removes the entries whose keys were garbage-collected and returns their values. */
  public List<V> pollCollected() {
    List<V> values = null;
    for (Object ref; (ref = collected.poll()) != null; ) {
      V value = map.remove(ref);
      if (value != null) {
        if (values == null) {
          values = new ArrayList<>();
        }
        values.add(value);
      }
    }
    return values == null ? List.of() : values;
  }

  /** The stored key: weak, with the identity hash of its referent fixed at creation. */
  private static final class WeakKey<K> extends WeakReference<K> {
    private final int hash;

    WeakKey(K referent, ReferenceQueue<K> queue) {
      super(referent, queue);
      this.hash = System.identityHashCode(referent);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (other == this) {
        return true;
      }
      Object referent = get();
      // a cleared key equals only itself: that is how pollCollected removes it
      if (referent == null) {
        return false;
      }
      if (other instanceof Lookup) {
        return ((Lookup) other).referent == referent;
      }
      return other instanceof WeakKey && ((WeakKey<?>) other).get() == referent;
    }
  }

  /** A short-lived strong key for lookups; equal to the weak key of the same object. */
  private static final class Lookup {
    private final Object referent;

    Lookup(Object referent) {
      this.referent = referent;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(referent);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof WeakKey && ((WeakKey<?>) other).get() == referent;
    }
  }
}
