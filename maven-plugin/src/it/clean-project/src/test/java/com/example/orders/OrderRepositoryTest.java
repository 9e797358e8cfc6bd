package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OrderRepositoryTest {
  static HikariDataSource pool;

  @BeforeAll
  static void openPool() {
    pool = new HikariDataSource();
    pool.setJdbcUrl("jdbc:h2:mem:clean;DB_CLOSE_DELAY=-1");
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  @Test
  void countsTables() throws Exception {
    assertTrue(new OrderRepository(pool).count() > 0);
  }
}
