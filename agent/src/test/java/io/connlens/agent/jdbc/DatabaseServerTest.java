package io.connlens.agent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseServerTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
    "jdbc:postgresql://127.0.0.1:5432/test?user=postgres | 127.0.0.1 | 5432 | test | 127.0.0.1:5432/test",
    "jdbc:postgresql://DB.example.com/orders | DB.example.com | -1 | orders | db.example.com/orders",
    "jdbc:postgresql://app:s3cret@db:5432/orders | db | 5432 | orders | db:5432/orders",
    "jdbc:postgresql://db1:5432,db2:5433/orders?targetServerType=primary | db1 | 5432 | orders | db1:5432/orders",
    "jdbc:mariadb://127.0.0.1:3306/test?user=root | 127.0.0.1 | 3306 | test | 127.0.0.1:3306/test",
    "jdbc:mysql://[::1]:3306/shop | [::1] | 3306 | shop | [::1]:3306/shop",
    "jdbc:sqlserver://sql.local:1433;databaseName=billing;encrypt=true | sql.local | 1433 | billing | sql.local:1433/billing",
    "jdbc:oracle:thin:@ora.local:1521/ORCLPDB1 | ora.local | 1521 | ORCLPDB1 | ora.local:1521/ORCLPDB1",
    "jdbc:oracle:thin:@//ora.local:1521/svc | ora.local | 1521 | svc | ora.local:1521/svc",
    "jdbc:h2:mem:app;DB_CLOSE_DELAY=-1 | - | -1 | h2:mem:app | h2:mem:app",
    "jdbc:h2:tcp://h2host:9092/~/shop | h2host | 9092 | ~/shop | h2host:9092/~/shop",
    "jdbc:sqlite:/var/data/app.db | - | -1 | sqlite:/var/data/app.db | sqlite:/var/data/app.db",
  })
  void readsHostPortAndDatabase(String url, String host, int port, String database, String key) {
    DatabaseServer server = DatabaseServer.of(url);
    assertThat(server.host()).isEqualTo(host);
    assertThat(server.port()).isEqualTo(port);
    assertThat(server.database()).isEqualTo(database);
    assertThat(server.key()).isEqualTo(key);
  }

  /** Whatever the input: no exception, and no secret that redacting the URL removes. */
  @Property
  void neverThrowsAndNeverCarriesAPasswordRedactingRemoves(@ForAll("urls") String url) {
    DatabaseServer server = DatabaseServer.of(url);
    if (url.isEmpty()) {
      assertThat(server).isNull();
      return;
    }
    assertThat(server).isNotNull();
    if (!JdbcUrls.redact(url).contains("s3cr3t-pw")) {
      assertThat(server.key()).doesNotContain("s3cr3t-pw");
      assertThat(String.valueOf(server.database())).doesNotContain("s3cr3t-pw");
    }
    assertThat(server.port()).isBetween(-1, 65_535);
  }

  @Provide
  Arbitrary<String> urls() {
    Arbitrary<String> scheme = Arbitraries.of("jdbc:postgresql:", "jdbc:mysql:", "jdbc:sqlserver:", "jdbc:oracle:thin:",
        "jdbc:h2:", "jdbc:", "");
    Arbitrary<String> piece = Arbitraries.strings().withChars("/:@;?&=,[]()abc123.").ofMaxLength(12);
    Arbitrary<String> secret = Arbitraries.of("", "user:s3cr3t-pw@", "?password=s3cr3t-pw", ";password=s3cr3t-pw");
    return Combinators.combine(scheme, piece, secret, piece).as((a, b, c, d) -> a + b + c + d);
  }
}
