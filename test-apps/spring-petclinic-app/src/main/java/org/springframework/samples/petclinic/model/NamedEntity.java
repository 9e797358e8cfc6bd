package org.springframework.samples.petclinic.model;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/** An entity with a name: a pet, a pet type, a specialty. */
@MappedSuperclass
public class NamedEntity extends BaseEntity {
  @Column(name = "name")
  private String name;

  public String getName() {
    return name;
  }
}
