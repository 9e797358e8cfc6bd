package io.connlens.testapp.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Fills the tables Hibernate created: {@value #ORDERS} orders, each of its own customer. Written in
 * two JDBC batches so that seeding is never a finding itself.
 */
@Component
public class SeedData {
  /** How many orders (and customers) every scenario starts with. */
  public static final int ORDERS = 20;

  private final JdbcTemplate jdbc;

  public SeedData(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts the customers, then one order per customer. */
  public void insert() {
    List<Object[]> customers = new ArrayList<>();
    for (int i = 1; i <= ORDERS; i++) {
      customers.add(new Object[] {"customer-" + i});
    }
    jdbc.batchUpdate("insert into customer (name) values (?)", customers);
    List<Long> customerIds = jdbc.queryForList("select id from customer order by id", Long.class);
    List<Object[]> orders = new ArrayList<>();
    for (Long customerId : customerIds) {
      orders.add(new Object[] {customerId, 10 + customerId});
    }
    jdbc.batchUpdate("insert into purchase_order (customer_id, total) values (?, ?)", orders);
  }
}
