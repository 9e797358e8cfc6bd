package io.connlens.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.util.Map;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

class TypePoolCacheTest {
  /** As the OpenTelemetry agent makes them: an interface it defines with no class file to read. */
  private static final String INVISIBLE = "io.opentelemetry.javaagent.bootstrap.field.VirtualFieldAccessor$Example";

  /** A data source class another agent already transformed: it implements one interface more. */
  private static byte[] transformedByAnotherAgent() {
    ClassWriter writer = new ClassWriter(0);
    writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, "com/example/PoolDataSource", null, "java/lang/Object",
        new String[] {INVISIBLE.replace('.', '/'), "java/io/Serializable"});
    writer.visitEnd();
    return writer.toByteArray();
  }

  @Test
  void aSuperTypeWithNoClassFileDoesNotHideTheOthers() {
    ClassFileLocator locator = new ClassFileLocator.Compound(
        new ClassFileLocator.Simple(Map.of("com.example.PoolDataSource", transformedByAnotherAgent())),
        ClassFileLocator.ForClassLoader.ofSystemLoader());
    TypePool pool = new TypePoolCache().typePool(locator, ClassLoader.getSystemClassLoader());

    TypeDescription type = pool.describe("com.example.PoolDataSource").resolve();

    assertThat(hasSuperType(named(Serializable.class.getName())).matches(type)).isTrue();
    assertThat(hasSuperType(named("javax.sql.DataSource")).matches(type)).isFalse();
    // and the missing one is named as what it is, with nothing inside
    TypeDescription missing = pool.describe(INVISIBLE).resolve();
    assertThat(missing.getName()).isEqualTo(INVISIBLE);
    assertThat(missing.getTypeVariables()).isEmpty();
    assertThat(missing.getDeclaredMethods()).isEmpty();
  }

  @Test
  void aTypeThatExistsIsDescribedAsItIs() {
    TypePool pool = new TypePoolCache().typePool(ClassFileLocator.ForClassLoader.ofSystemLoader(),
        ClassLoader.getSystemClassLoader());
    TypeDescription map = pool.describe("java.util.HashMap").resolve();
    assertThat(map.getTypeVariables()).hasSize(2);
    assertThat(hasSuperType(named("java.util.Map")).matches(map)).isTrue();
  }
}
