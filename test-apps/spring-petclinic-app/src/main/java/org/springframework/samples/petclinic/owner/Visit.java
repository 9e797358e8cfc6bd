package org.springframework.samples.petclinic.owner;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.LocalDate;
import org.springframework.samples.petclinic.model.BaseEntity;
import org.springframework.samples.petclinic.vet.Vet;

/** A pet's visit to the clinic, with the vet who saw it (loaded lazily). */
@Entity
@Table(name = "visits")
public class Visit extends BaseEntity {
  @Column(name = "visit_date")
  private LocalDate date;

  @Column(name = "description")
  private String description;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "vet_id")
  private Vet vet;

  public LocalDate getDate() {
    return date;
  }

  public String getDescription() {
    return description;
  }

  public Vet getVet() {
    return vet;
  }
}
