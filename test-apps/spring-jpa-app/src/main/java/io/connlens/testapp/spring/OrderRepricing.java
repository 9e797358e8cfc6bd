package io.connlens.testapp.spring;

import io.connlens.testapp.support.AgentProbe;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Changes an order's total inside a transaction, then calls a slow service before committing. */
@Service
public class OrderRepricing {
  private final JdbcTemplate jdbc;
  private final AgentProbe agent = new AgentProbe();

  public OrderRepricing(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The bug: the UPDATE holds its row lock while the transaction waits on a slow remote call
   * (simulated by waiting until the agent reports the idle transaction), then commits.
   */
  @Transactional
  public void repriceThenCallSlowService(long orderId) {
    long before = agent.occurrences("IDLE_IN_TRANSACTION");
    jdbc.update("update purchase_order set total = total + 1 where id = ?", orderId); // IDLE:update-then-wait
    agent.awaitOrExit("IDLE_IN_TRANSACTION", before + 1); // the slow remote call
  }
}
