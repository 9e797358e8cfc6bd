package io.connlens.testapp.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Imports new customers: through JPA one insert at a time, or through JdbcTemplate in one batch. */
@Service
public class CustomerImport {
  private final CustomerRepository customers;
  private final JdbcTemplate jdbc;

  public CustomerImport(CustomerRepository customers, JdbcTemplate jdbc) {
    this.customers = customers;
    this.jdbc = jdbc;
  }

  /**
   * The bug: one INSERT per customer in one transaction. IDENTITY ids make Hibernate insert at each
   * save to learn the id, so it cannot batch them.
   */
  @Transactional
  public void saveOneByOne(int count) {
    for (int i = 1; i <= count; i++) {
      customers.save(new Customer("imported-" + i)); // UNBATCHED:jpa-save-loop
    }
  }

  /** The fix: all the rows in one JDBC batch. */
  public void insertInOneBatch(int count) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      rows.add(new Object[] {"imported-" + i});
    }
    jdbc.batchUpdate("insert into customer (name) values (?)", rows);
  }
}
