package io.connlens.agent.modules;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.instrumentation.InstrumentationModule;
import io.connlens.agent.instrumentation.TypeInstrumentation;
import io.connlens.agent.instrumentation.TypeInstrumentationAccess;
import io.connlens.agent.pool.PoolSupport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every module's type instrumentations against the real classes of the library it instruments (the
 * pools and Hibernate are on the test class path), described from their class files without loading
 * them: a renamed class or method in a pool version fails here, not silently in a user's JVM.
 */
class ModulesTest {
  private static final TypePool CLASS_PATH = TypePool.Default.ofSystemLoader();

  static List<InstrumentationModule> modules() {
    return Modules.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modules")
  void everyNamedTypeExistsAndEveryAdviceMatchesOneOfItsMethods(InstrumentationModule module) {
    assertThat(module.types()).as(module.name()).isNotEmpty();
    for (TypeInstrumentation type : module.types()) {
      TypePool.Resolution resolution = CLASS_PATH.describe(type.typeName());
      assertThat(resolution.isResolved()).as("%s: %s on the test class path", module.name(), type.typeName()).isTrue();
      TypeDescription description = resolution.resolve();
      if (!type.matchesImplementors()) {
        assertThat(TypeInstrumentationAccess.typeMatches(type, description)).as(type.typeName()).isTrue();
        for (String advice : TypeInstrumentationAccess.adviceWithoutMethod(type, description)) {
          throw new AssertionError(module.name() + ": " + advice + " matches no method of " + type.typeName());
        }
      }
    }
  }

  @Test
  void moduleNamesAreUniqueLowerCaseWordsAndEveryPoolHasAModuleOfItsKind() {
    Set<String> names = new HashSet<>();
    for (InstrumentationModule module : Modules.all()) {
      assertThat(module.name()).matches("[a-z0-9-]+");
      assertThat(names.add(module.name())).as("duplicate module %s", module.name()).isTrue();
      assertThat(module.description()).matches("[A-Z].*\\.");
    }
    List<String> kinds = new ArrayList<>();
    for (PoolSupport support : Modules.pools().all()) {
      kinds.add(support.kind());
    }
    assertThat(names).containsAll(kinds);
    assertThat(kinds).containsExactly("hikaricp", "dbcp2", "tomcat-dbcp", "tomcat-jdbc", "c3p0", "agroal", "vibur");
  }

  @Test
  void theJdbcModuleMatchesADriversClassesAndTomcatJdbcNeedsItsOwnBorrowHook() {
    InstrumentationModule jdbc = Modules.all().get(0);
    assertThat(matching(jdbc, "org.h2.jdbc.JdbcConnection")).containsExactly("java.sql.Connection");
    assertThat(matching(jdbc, "org.h2.Driver")).containsExactly("java.sql.Driver");
    assertThat(matching(jdbc, "org.apache.commons.dbcp2.BasicDataSource")).containsExactly("javax.sql.DataSource");
    // Tomcat JDBC declares getConnection() in DataSourceProxy, which is no javax.sql.DataSource
    assertThat(matching(jdbc, "org.apache.tomcat.jdbc.pool.DataSourceProxy")).isEmpty();
  }

  private static List<String> matching(InstrumentationModule module, String className) {
    TypeDescription type = CLASS_PATH.describe(className).resolve();
    List<String> matched = new ArrayList<>();
    for (TypeInstrumentation instrumentation : module.types()) {
      if (TypeInstrumentationAccess.typeMatches(instrumentation, type)) {
        matched.add(instrumentation.typeName());
      }
    }
    return matched;
  }

  @Test
  void theJdbcModuleComesFirstAndTheExitModuleAloneIsLate() {
    assertThat(Modules.all().get(0).name()).isEqualTo("jdbc");
    assertThat(Modules.all()).filteredOn(InstrumentationModule::late).extracting(InstrumentationModule::name)
        .containsExactly("exit");
  }
}
