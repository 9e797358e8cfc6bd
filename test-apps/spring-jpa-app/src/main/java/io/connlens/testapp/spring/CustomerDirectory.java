package io.connlens.testapp.spring;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Reads customers with JdbcTemplate outside any transaction: every query takes its own pooled
 * connection and gives it back.
 */
@Service
public class CustomerDirectory {
  /** Rows per page when paging through the orders. */
  public static final int PAGE_SIZE = 3;
  /** Pages read: enough to pass the end of the seeded orders. */
  public static final int PAGES = 8;

  private final JdbcTemplate jdbc;
  private final NamedParameterJdbcTemplate namedJdbc;

  public CustomerDirectory(JdbcTemplate jdbc, NamedParameterJdbcTemplate namedJdbc) {
    this.jdbc = jdbc;
    this.namedJdbc = namedJdbc;
  }

  /** The bug: the orders' customer ids, then one query (and one connection) per order. */
  public List<String> customerNamesOneQueryPerOrder() {
    List<Long> customerIds = jdbc.queryForList("select customer_id from purchase_order order by id", Long.class);
    List<String> names = new ArrayList<>();
    for (Long customerId : customerIds) {
      names.add(jdbc.queryForObject("select name from customer where id = ?", String.class, customerId)); // N+1:jdbc-template-loop
    }
    return names;
  }

  /** The fix: the orders' customer ids, then all their names in one query with an IN list. */
  public List<String> customerNamesWithInList() {
    List<Long> customerIds = jdbc.queryForList("select customer_id from purchase_order order by id", Long.class);
    return namedJdbc.queryForList("select name from customer where id in (:ids) order by id",
        Map.of("ids", customerIds), String.class);
  }

  /** Not a bug: one query per page, {@value #PAGES} pages of {@value #PAGE_SIZE} orders. */
  public List<BigDecimal> orderTotalsPageByPage() {
    List<BigDecimal> totals = new ArrayList<>();
    for (int page = 0; page < PAGES; page++) {
      totals.addAll(jdbc.queryForList("select total from purchase_order order by id limit ? offset ?",
          BigDecimal.class, PAGE_SIZE, page * PAGE_SIZE));
    }
    return totals;
  }
}
