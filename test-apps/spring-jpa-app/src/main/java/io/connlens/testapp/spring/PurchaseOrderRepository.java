package io.connlens.testapp.spring;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Spring Data repository of orders. */
public interface PurchaseOrderRepository extends JpaRepository<PurchaseOrder, Long> {

  /** Every order with its customer, in one query. */
  @Query("select o from PurchaseOrder o join fetch o.customer order by o.id")
  List<PurchaseOrder> findAllWithCustomer();
}
