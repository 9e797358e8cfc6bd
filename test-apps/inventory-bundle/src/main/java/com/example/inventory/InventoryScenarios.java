package com.example.inventory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Inventory code as an application writes it, run by every isolated loader: {@code correct} closes all
 * it takes; {@code leak} keeps one connection until the JVM exits and reads stock one item at a time.
 * The lines the integration tests expect in findings carry {@code // ACQUIRE:} and {@code // N+1:}.
 */
public final class InventoryScenarios {
  /** The scenarios {@link #run} knows. */
  public static final List<String> SCENARIOS = List.of("correct", "leak", "leak-after-attach");
  /** Queries the correct scenario runs, each on a connection of its own. */
  public static final int CORRECT_LEASES = 10;
  /** Items the leak scenario reads one by one: past the default N+1 threshold of 5. */
  public static final int ITEMS = 6;

  /** Held on purpose until the JVM exits. */
  @SuppressWarnings("unused")
  private static Connection keptForever;

  private InventoryScenarios() {}

  /** Runs {@code scenario} on {@code dataSource}; returns a line saying what it did. */
  public static String run(String scenario, DataSource dataSource) throws SQLException {
    createStock(dataSource);
    switch (scenario) {
      case "correct":
        long total = 0;
        for (int i = 0; i < CORRECT_LEASES; i++) {
          total += countItems(dataSource);
        }
        return "correct: counted " + total + " stock rows over " + CORRECT_LEASES + " connections";
      case "leak":
        keepForever(dataSource);
        return "leak: read " + readItemsOneByOne(dataSource).size() + " items, one connection left open";
      case "leak-after-attach":
        // every class of the driver and the pool is loaded and used before the agent arrives
        countItems(dataSource);
        awaitAttach();
        keepForever(dataSource);
        return "leak-after-attach: read " + readItemsOneByOne(dataSource).size() + " items, one connection left open";
      default:
        throw new IllegalArgumentException("unknown scenario " + scenario + "; known: " + SCENARIOS);
    }
  }

  /** Says READY, then waits (60 s at most) for the file {@code attached} that the test creates once it attached connlens. */
  private static void awaitAttach() throws SQLException {
    System.out.println("READY");
    System.out.flush();
    java.nio.file.Path signal = java.nio.file.Paths.get("attached");
    long end = System.nanoTime() + 60_000_000_000L;
    while (!java.nio.file.Files.exists(signal)) {
      if (System.nanoTime() - end > 0) {
        throw new SQLException("no " + signal.toAbsolutePath() + " within 60 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while waiting for the attach", e);
      }
    }
  }

  private static void createStock(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS inventory_stock (id INT PRIMARY KEY, item VARCHAR(40))");
      statement.execute("DELETE FROM inventory_stock");
      StringBuilder rows = new StringBuilder("INSERT INTO inventory_stock (id, item) VALUES ");
      for (int id = 1; id <= ITEMS; id++) {
        rows.append(id == 1 ? "" : ", ").append('(').append(id).append(", 'item-").append(id).append("')");
      }
      statement.execute(rows.toString());
    }
  }

  private static long countItems(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM inventory_stock")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void keepForever(DataSource dataSource) throws SQLException {
    keptForever = dataSource.getConnection(); // ACQUIRE:inventory-kept
  }

  private static List<String> readItemsOneByOne(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      List<Integer> ids = new ArrayList<>();
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT id FROM inventory_stock ORDER BY id")) {
        while (rows.next()) {
          ids.add(rows.getInt(1));
        }
      }
      List<String> items = new ArrayList<>();
      for (int id : ids) {
        try (PreparedStatement byId = connection.prepareStatement("SELECT item FROM inventory_stock WHERE id = ?")) {
          byId.setInt(1, id);
          try (ResultSet row = byId.executeQuery()) { // N+1:inventory-loop
            row.next();
            items.add(row.getString(1));
          }
        }
      }
      return items;
    }
  }
}
