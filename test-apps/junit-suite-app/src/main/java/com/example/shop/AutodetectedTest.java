package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** No @ExtendWith: the extension is there through JUnit's auto-detection, or not at all. */
class AutodetectedTest {
  @Test
  void leaksWithoutAnnotation() throws Exception {
    assertEquals("customer 6", new OrderRepository(Shop.dataSource()).customerOfLeaking(6));
  }

  @Test
  void closesWithoutAnnotation() throws Exception {
    assertEquals("customer 7", new OrderRepository(Shop.dataSource()).customerOf(7));
  }
}
