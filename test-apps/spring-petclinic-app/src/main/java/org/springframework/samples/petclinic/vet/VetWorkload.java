package org.springframework.samples.petclinic.vet;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** How many visits each vet made. */
@Service
public class VetWorkload {
  private final VetRepository vets;

  public VetWorkload(VetRepository vets) {
    this.vets = vets;
  }

  /**
   * The bug: the vets come in one query (their specialties fetched with them), then each vet's lazy
   * visits are loaded in the loop, one query per vet, all in one transaction.
   */
  @Transactional(readOnly = true)
  public Map<String, Integer> visitsPerVet() {
    Map<String, Integer> visits = new LinkedHashMap<>();
    for (Vet vet : vets.findAllWithSpecialties()) {
      visits.put(vet.getFirstName() + " " + vet.getLastName(), vet.getVisits().size()); // N+1:vet-visits
    }
    return visits;
  }
}
