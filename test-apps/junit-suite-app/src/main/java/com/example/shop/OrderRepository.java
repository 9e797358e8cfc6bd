package com.example.shop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The shop's data access: what the tests exercise, right and wrong. */
public final class OrderRepository {
  private final DataSource dataSource;

  public OrderRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The customer of an order; closes what it takes. */
  public String customerOf(int orderId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT customer FROM orders WHERE id = ?")) {
      s.setInt(1, orderId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** The same, but the connection is never closed: the bug the extension must name. */
  public String customerOfLeaking(int orderId) throws SQLException {
    Connection c = dataSource.getConnection(); // ACQUIRE:leak
    PreparedStatement s = c.prepareStatement("SELECT customer FROM orders WHERE id = ?");
    s.setInt(1, orderId);
    ResultSet rs = s.executeQuery();
    return rs.next() ? rs.getString(1) : null;
  }

  /** Every order's first item, one query per order: an N+1 on one connection. */
  public List<String> firstItemsOneByOne() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      List<Integer> ids = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT id FROM orders ORDER BY id");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getInt(1));
        }
      }
      for (int id : ids) {
        try (PreparedStatement s = c.prepareStatement("SELECT name FROM items WHERE order_id = ?")) {
          s.setInt(1, id);
          try (ResultSet rs = s.executeQuery()) { // N+1:items
            if (rs.next()) {
              names.add(rs.getString(1));
            }
          }
        }
      }
    }
    return names;
  }
}
