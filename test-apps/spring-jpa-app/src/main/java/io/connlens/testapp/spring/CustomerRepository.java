package io.connlens.testapp.spring;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data repository of customers. */
public interface CustomerRepository extends JpaRepository<Customer, Long> {
}
