package org.springframework.samples.petclinic.vet;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.Set;
import org.springframework.samples.petclinic.model.Person;
import org.springframework.samples.petclinic.owner.Visit;

/**
 * A vet, mapped as in Spring's PetClinic: the specialties are an eager collection. The visits the
 * vet made are a lazy one, loaded when first read.
 */
@Entity
@Table(name = "vets")
public class Vet extends Person {
  @ManyToMany(fetch = FetchType.EAGER)
  @JoinTable(name = "vet_specialties", joinColumns = @JoinColumn(name = "vet_id"),
      inverseJoinColumns = @JoinColumn(name = "specialty_id"))
  private final Set<Specialty> specialties = new HashSet<>();

  @OneToMany(mappedBy = "vet")
  private final Set<Visit> visits = new HashSet<>();

  public Set<Specialty> getSpecialties() {
    return specialties;
  }

  public Set<Visit> getVisits() {
    return visits;
  }
}
