package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A second test class: with reuseForks=false, a second test JVM and a second report. */
class InvoiceTest {
  @Test
  void addsUp() {
    assertEquals(4, 2 + 2);
  }
}
