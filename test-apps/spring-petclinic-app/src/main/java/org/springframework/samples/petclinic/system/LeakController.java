package org.springframework.samples.petclinic.system;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Counts the owners with plain JDBC on the pool's DataSource, and forgets to give the connection
 * back: it stays out of the pool, kept by this controller, until the JVM exits.
 */
@RestController
class LeakController {
  private final DataSource dataSource;
  /** The bug: "kept for the next report", never closed. Held, so the leak is still open at exit. */
  private volatile Connection reportConnection;

  LeakController(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @GetMapping("/leak")
  String countOwners() throws SQLException {
    Connection connection = dataSource.getConnection(); // ACQUIRE:leak
    reportConnection = connection;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select count(*) from owners")) {
      rows.next();
      return rows.getLong(1) + " owners";
    }
  }
}
