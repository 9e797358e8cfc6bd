package org.springframework.samples.petclinic.vet;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Spring Data repository of vets. */
public interface VetRepository extends JpaRepository<Vet, Integer> {

  /** Every vet with its specialties, in one query. */
  @Query("select v from Vet v left join fetch v.specialties order by v.id")
  List<Vet> findAllWithSpecialties();
}
