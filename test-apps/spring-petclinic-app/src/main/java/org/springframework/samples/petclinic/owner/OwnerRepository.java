package org.springframework.samples.petclinic.owner;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data repository of owners. */
public interface OwnerRepository extends JpaRepository<Owner, Integer> {

  /** The owners whose last name starts with {@code lastName}: one query, then their eager pets and visits. */
  List<Owner> findByLastNameStartingWith(String lastName);
}
