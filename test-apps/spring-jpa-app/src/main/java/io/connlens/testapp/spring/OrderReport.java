package io.connlens.testapp.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads orders with their customers through JPA: once with lazy loading in a loop, once with a fetch join. */
@Service
public class OrderReport {
  private final PurchaseOrderRepository orders;

  public OrderReport(PurchaseOrderRepository orders) {
    this.orders = orders;
  }

  /**
   * The bug: loads every order, then each order's lazy customer, one query per order, all in one
   * transaction.
   */
  @Transactional(readOnly = true)
  public List<String> customerNamesLoadedLazily() {
    List<String> names = new ArrayList<>();
    for (PurchaseOrder order : orders.findAll()) {
      names.add(order.getCustomer().getName()); // N+1:jpa-lazy-loop
    }
    return names;
  }

  /** The fix: the customers come with the orders in one query. */
  @Transactional(readOnly = true)
  public List<String> customerNamesWithJoinFetch() {
    List<String> names = new ArrayList<>();
    for (PurchaseOrder order : orders.findAllWithCustomer()) {
      names.add(order.getCustomer().getName());
    }
    return names;
  }
}
