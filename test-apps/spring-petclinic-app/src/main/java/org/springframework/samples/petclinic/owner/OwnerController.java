package org.springframework.samples.petclinic.owner;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Finds owners by last name, as PetClinic's "Find owners" page does. */
@RestController
class OwnerController {
  private final OwnerRepository owners;

  OwnerController(OwnerRepository owners) {
    this.owners = owners;
  }

  /**
   * The bug: the query returns the owners, then Hibernate loads each owner's eager pets and each
   * pet's eager visits with one query apiece, all from this request's repository call.
   */
  @GetMapping("/owners")
  List<OwnerView> findOwners(@RequestParam(defaultValue = "") String lastName) {
    List<Owner> found = owners.findByLastNameStartingWith(lastName); // N+1:owners
    return found.stream().map(OwnerView::of).toList();
  }

  /** An owner as the page shows it. */
  record OwnerView(String name, String city, List<PetView> pets) {
    static OwnerView of(Owner owner) {
      return new OwnerView(owner.getFirstName() + " " + owner.getLastName(), owner.getCity(),
          owner.getPets().stream().map(PetView::of).toList());
    }
  }

  /** A pet with its type and how many visits it had. */
  record PetView(String name, String type, int visits) {
    static PetView of(Pet pet) {
      return new PetView(pet.getName(), pet.getType().getName(), pet.getVisits().size());
    }
  }
}
