package com.example.orders;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

public final class OrderRepository {
  private final DataSource dataSource;

  public OrderRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void createTables() throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
        "CREATE TABLE IF NOT EXISTS orders (id INT PRIMARY KEY, customer VARCHAR(40))")) {
      s.execute();
    }
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
        "MERGE INTO orders KEY (id) SELECT X, 'customer ' || X FROM SYSTEM_RANGE(1, 10)")) {
      s.execute();
    }
  }

  public String customerOf(int id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT customer FROM orders WHERE id = ?")) {
      s.setInt(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  public String customerOfLeaking(int id) throws SQLException {
    Connection c = dataSource.getConnection(); // ACQUIRE:leak
    PreparedStatement s = c.prepareStatement("SELECT customer FROM orders WHERE id = ?");
    s.setInt(1, id);
    ResultSet rs = s.executeQuery();
    return rs.next() ? rs.getString(1) : null;
  }

  public List<String> customersOneByOne() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      for (int id = 1; id <= 10; id++) {
        try (PreparedStatement s = c.prepareStatement("SELECT customer FROM orders WHERE id = ?")) {
          s.setInt(1, id);
          try (ResultSet rs = s.executeQuery()) { // N+1:customers
            rs.next();
            names.add(rs.getString(1));
          }
        }
      }
    }
    return names;
  }
}
