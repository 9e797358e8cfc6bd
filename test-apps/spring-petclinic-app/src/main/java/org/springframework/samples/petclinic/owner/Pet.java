package org.springframework.samples.petclinic.owner;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.samples.petclinic.model.NamedEntity;

/** A pet, mapped as in Spring's PetClinic: its visits are an eager collection too. */
@Entity
@Table(name = "pets")
public class Pet extends NamedEntity {
  @Column(name = "birth_date")
  private LocalDate birthDate;

  @ManyToOne
  @JoinColumn(name = "type_id")
  private PetType type;

  @OneToMany(cascade = CascadeType.ALL, fetch = FetchType.EAGER)
  @JoinColumn(name = "pet_id")
  @OrderBy("date")
  private final Set<Visit> visits = new LinkedHashSet<>();

  public LocalDate getBirthDate() {
    return birthDate;
  }

  public PetType getType() {
    return type;
  }

  public Set<Visit> getVisits() {
    return visits;
  }
}
