package io.connlens.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PoolNamesTest {

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
    "dbcp2 | jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1 | dbcp2:h2:mem:orders",
    "agroal | jdbc:postgresql://127.0.0.1:5432/test?user=postgres | agroal:postgresql://127.0.0.1:5432/test",
    "c3p0 | JDBC:mariadb://db:3306/shop | c3p0:mariadb://db:3306/shop",
  })
  void namesAnUnnamedPoolByItsKindAndUrlWithoutPropertiesOrQuery(String kind, String url, String name) {
    assertThat(PoolNames.unnamed(kind, url)).isEqualTo(name);
  }

  @Test
  void neverCarriesAPassword() {
    assertThat(PoolNames.unnamed("tomcat-jdbc", "jdbc:postgresql://app:s3cret@db/orders"))
        .isEqualTo("tomcat-jdbc:postgresql://app:***@db/orders");
  }

  @Test
  void hasNoNameWithoutAUrl() {
    assertThat(PoolNames.unnamed("dbcp2", null)).isNull();
    assertThat(PoolNames.unnamed("dbcp2", "jdbc:;x=1")).isNull();
  }
}
