package org.springframework.samples.petclinic.vet;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The vets page, as PetClinic's, and each vet's workload. */
@RestController
class VetController {
  private final VetRepository vetRepository;
  private final VetWorkload vetWorkload;

  VetController(VetRepository vetRepository, VetWorkload vetWorkload) {
    this.vetRepository = vetRepository;
    this.vetWorkload = vetWorkload;
  }

  /** The bug: one query for the vets, then one per vet for its eager specialties. */
  @GetMapping("/vets")
  List<VetView> showVets() {
    List<Vet> vets = vetRepository.findAll(); // N+1:vets
    return vets.stream().map(VetView::of).toList();
  }

  /** Visits per vet: see {@link VetWorkload#visitsPerVet()}. */
  @GetMapping("/vets/workload")
  Map<String, Integer> workload() {
    return vetWorkload.visitsPerVet();
  }

  /** A vet with the names of its specialties. */
  record VetView(String name, List<String> specialties) {
    static VetView of(Vet vet) {
      return new VetView(vet.getFirstName() + " " + vet.getLastName(),
          vet.getSpecialties().stream().map(Specialty::getName).sorted().toList());
    }
  }
}
