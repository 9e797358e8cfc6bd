package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.connlens.junit5.ConnlensExtension;
import java.sql.Connection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A connection taken in @BeforeAll and never closed: the class fails after its tests pass. */
@ExtendWith(ConnlensExtension.class)
class ClassLeakTest {
  private static Connection shared;

  @BeforeAll
  static void openShared() throws Exception {
    shared = Shop.dataSource().getConnection(); // ACQUIRE:class-leak
  }

  @Test
  void usesTheClassConnection() throws Exception {
    assertFalse(shared.isClosed());
  }
}
