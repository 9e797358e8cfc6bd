package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OrderRepositoryTest {
  static HikariDataSource pool;
  static OrderRepository orders;

  @BeforeAll
  static void openPool() throws Exception {
    pool = new HikariDataSource();
    pool.setJdbcUrl("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1");
    orders = new OrderRepository(pool);
    orders.createTables();
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  @Test
  void findsACustomer() throws Exception {
    assertEquals("customer 3", orders.customerOf(3));
  }

  @Test
  void findsACustomerButLeaks() throws Exception {
    assertEquals("customer 4", orders.customerOfLeaking(4));
  }

  @Test
  void listsCustomersOneQueryEach() throws Exception {
    assertEquals(10, orders.customersOneByOne().size());
  }
}
