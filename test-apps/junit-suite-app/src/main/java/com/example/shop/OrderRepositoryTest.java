package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connlens.junit5.ConnlensExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The repository's tests, with the extension: two of them have bugs it must name. */
@ExtendWith(ConnlensExtension.class)
class OrderRepositoryTest {
  private final OrderRepository orders;

  OrderRepositoryTest() throws Exception {
    orders = new OrderRepository(Shop.dataSource());
  }

  @Test
  void findsTheCustomerAndClosesItsConnection() throws Exception {
    assertEquals("customer 3", orders.customerOf(3));
  }

  @Test
  void findsTheCustomerButLeaksTheConnection() throws Exception {
    assertEquals("customer 4", orders.customerOfLeaking(4)); // TEST:leak
  }

  @Test
  void loadsFirstItemsOneQueryPerOrder() throws Exception {
    assertEquals(12, orders.firstItemsOneByOne().size());
  }

  @Test
  void findsAnotherCustomerAfterTheLeak() throws Exception {
    assertEquals("customer 5", orders.customerOf(5));
  }
}
