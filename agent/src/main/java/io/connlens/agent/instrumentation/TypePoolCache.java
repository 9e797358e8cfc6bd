package io.connlens.agent.instrumentation;

import io.connlens.agent.registry.WeakIdentityMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.annotation.AnnotationList;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.PackageDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.description.type.TypeList;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;

/**
 * Keeps the type descriptions Byte Buddy parses while matching (a class's super types, its
 * interfaces) from one class to the next, per class loader. Without it every class loaded parses its
 * whole hierarchy again, which made the agent's start-up several times slower. Loaders are held
 * weakly and descriptions softly, so neither class loaders nor memory leak.
 *
 * <p>The pools it makes are tolerant: a type whose class file cannot be found is described as an
 * empty public type of that name rather than failing the match. Another agent that ran first adds
 * interfaces of its own making to the classes it transforms (the OpenTelemetry agent's
 * {@code VirtualFieldInstalledMarker} and {@code VirtualFieldAccessor$...}, defined without a class
 * file anyone can read; Byte Buddy issues 1320 and 1828): without this, every class it had touched
 * (HikariCP's data source among them) failed connlens's super-type match, silently, and no lease was
 * seen.
 */
final class TypePoolCache extends AgentBuilder.PoolStrategy.WithTypePoolCache {
  private final WeakIdentityMap<ClassLoader, TypePool.CacheProvider> byLoader = new WeakIdentityMap<>();
  private final TypePool.CacheProvider bootLoader = new Tolerant(new TypePool.CacheProvider.Simple.UsingSoftReference());

  TypePoolCache() {
    super(TypePool.Default.ReaderMode.FAST);
  }

  /**
   * A cache that keeps, for a type the pool could not find, an empty public type of that name: the
   * pool looks in its cache before it looks again, so the substitute is what every later match sees.
   */
  static final class Tolerant implements TypePool.CacheProvider {
    private final TypePool.CacheProvider cache;

    Tolerant(TypePool.CacheProvider cache) {
      this.cache = cache;
    }

    @Override
    public TypePool.Resolution find(String name) {
      return cache.find(name);
    }

    @Override
    public TypePool.Resolution register(String name, TypePool.Resolution resolution) {
      if (!resolution.isResolved()) {
        resolution = new TypePool.Resolution.Simple(new Placeholder(name));
      }
      return cache.register(name, resolution);
    }

    @Override
    public void clear() {
      cache.clear();
    }
  }

  /**
   * What a missing type is taken for: public, extending {@code Object}, with no type variables,
   * members or annotations. Only matching ever reads it; a class is written from its own bytes.
   */
  static final class Placeholder extends TypeDescription.Latent {
    Placeholder(String name) {
      super(name, Opcodes.ACC_PUBLIC, TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(Object.class));
    }

    @Override
    public TypeList.Generic getTypeVariables() {
      return new TypeList.Generic.Empty();
    }

    @Override
    public AnnotationList getDeclaredAnnotations() {
      return new AnnotationList.Empty();
    }

    @Override
    public FieldList<FieldDescription.InDefinedShape> getDeclaredFields() {
      return new FieldList.Empty<>();
    }

    @Override
    public MethodList<MethodDescription.InDefinedShape> getDeclaredMethods() {
      return new MethodList.Empty<>();
    }

    @Override
    public TypeList getDeclaredTypes() {
      return new TypeList.Empty();
    }

    @Override
    public TypeDescription getEnclosingType() {
      return TypeDescription.UNDEFINED;
    }

    @Override
    public MethodDescription.InDefinedShape getEnclosingMethod() {
      return MethodDescription.UNDEFINED;
    }

    @Override
    public TypeDescription getDeclaringType() {
      return TypeDescription.UNDEFINED;
    }

    @Override
    public boolean isAnonymousType() {
      return false;
    }

    @Override
    public boolean isLocalType() {
      return false;
    }

    @Override
    public PackageDescription getPackage() {
      int dot = getName().lastIndexOf('.');
      return dot < 0 ? PackageDescription.DEFAULT : new PackageDescription.Simple(getName().substring(0, dot));
    }

    @Override
    public TypeDescription getNestHost() {
      return this;
    }

    @Override
    public TypeList getNestMembers() {
      return new TypeList.Explicit(this);
    }

    @Override
    public TypeList getPermittedSubtypes() {
      return new TypeList.Empty();
    }
  }

  @Override
  protected TypePool.CacheProvider locate(ClassLoader classLoader) {
    if (classLoader == null) {
      return bootLoader;
    }
    byLoader.pollCollected();
    return byLoader.computeIfAbsent(classLoader, loader -> new Tolerant(new TypePool.CacheProvider.Simple.UsingSoftReference()));
  }
}
