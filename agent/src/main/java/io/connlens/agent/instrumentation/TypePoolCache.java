package io.connlens.agent.instrumentation;

import io.connlens.agent.registry.WeakIdentityMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.pool.TypePool;

/**
 * Keeps the type descriptions Byte Buddy parses while matching (a class's super types, its
 * interfaces) from one class to the next, per class loader. Without it every class loaded parses its
 * whole hierarchy again, which made the agent's start-up several times slower. Loaders are held
 * weakly and descriptions softly, so neither class loaders nor memory leak.
 */
final class TypePoolCache extends AgentBuilder.PoolStrategy.WithTypePoolCache {
  private final WeakIdentityMap<ClassLoader, TypePool.CacheProvider> byLoader = new WeakIdentityMap<>();
  private final TypePool.CacheProvider bootLoader = new TypePool.CacheProvider.Simple.UsingSoftReference();

  TypePoolCache() {
    super(TypePool.Default.ReaderMode.FAST);
  }

  @Override
  protected TypePool.CacheProvider locate(ClassLoader classLoader) {
    if (classLoader == null) {
      return bootLoader;
    }
    byLoader.pollCollected();
    return byLoader.computeIfAbsent(classLoader, loader -> new TypePool.CacheProvider.Simple.UsingSoftReference());
  }
}
