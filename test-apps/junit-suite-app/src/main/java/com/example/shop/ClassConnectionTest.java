package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.connlens.junit5.ConnlensExtension;
import java.sql.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A connection the class holds from @BeforeAll to @AfterAll: the class's, never its tests'. */
@ExtendWith(ConnlensExtension.class)
class ClassConnectionTest {
  private static Connection shared;

  @BeforeAll
  static void openShared() throws Exception {
    shared = Shop.dataSource().getConnection();
  }

  @AfterAll
  static void closeShared() throws Exception {
    shared.close();
  }

  @Test
  void usesTheClassConnection() throws Exception {
    assertFalse(shared.isClosed());
  }
}
