package org.springframework.samples.petclinic.owner;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.springframework.samples.petclinic.model.NamedEntity;

/** A kind of pet: cat, dog, lizard... */
@Entity
@Table(name = "types")
public class PetType extends NamedEntity {
}
