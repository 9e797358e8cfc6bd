package io.connlens.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/** The used heap right after full collections, as the memory and soak workers measure it. */
final class HeapAfterGc {
  private HeapAfterGc() {}

  /**
   * The heap in use right after {@code collections} full collections, {@code pauseMillis} apart, from
   * each heap pool's usage after its last collection (the heap's current usage would also count what was
   * allocated since, and TLABs handed out).
   */
  static long used(int collections, long pauseMillis) throws InterruptedException {
    for (int i = 0; i < collections; i++) {
      System.gc();
      Thread.sleep(pauseMillis); // lets reference processing and the agent's cleanup run between collections
    }
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage afterGc = pool.getCollectionUsage();
      if (pool.getType() == MemoryType.HEAP && afterGc != null) {
        used += afterGc.getUsed();
      }
    }
    return used;
  }
}
