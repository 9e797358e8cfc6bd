package io.connlens.testapp.plain;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A JDBC driver for {@code jdbc:faulty:} URLs that fails the way real drivers do, over an in-memory H2
 * database: {@code jdbc:faulty:refuse} refuses to connect; {@code jdbc:faulty:close=throws-after-closing}
 * hands out connections whose {@code close()} closes and then throws (as HikariCP does when its rollback
 * on return fails); {@code jdbc:faulty:close=throws-and-stays-open} ones whose {@code close()} throws and
 * leaves the connection open. Connections are JDK dynamic proxies, as Tomcat JDBC's are.
 */
final class FaultyDriver implements Driver {
  static final String PREFIX = "jdbc:faulty:";
  static final String REFUSED_MESSAGE = "connection refused by the faulty driver";
  static final String REFUSED_SQL_STATE = "08001";

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    if (url.equals(PREFIX + "refuse")) {
      throw new SQLException(REFUSED_MESSAGE, REFUSED_SQL_STATE);
    }
    // the driver reads nothing of info, so whatever connlens does with it cannot reach the database
    Connection h2 = new org.h2.Driver().connect("jdbc:h2:mem:faulty;DB_CLOSE_DELAY=-1", new Properties());
    boolean closeFirst = url.endsWith("close=throws-after-closing");
    boolean stayOpen = url.endsWith("close=throws-and-stays-open");
    return (Connection) Proxy.newProxyInstance(FaultyDriver.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("close") && (closeFirst || stayOpen)) {
            if (closeFirst) {
              h2.close();
            }
            throw new SQLException(closeFirst ? "close failed after closing" : "close failed, connection still open");
          }
          try {
            return method.invoke(h2, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }
}
