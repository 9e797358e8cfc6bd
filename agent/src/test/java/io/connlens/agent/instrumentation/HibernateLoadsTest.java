package io.connlens.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.OrmLoad;
import io.connlens.agent.registry.QueryBurst;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.registry.StatementRecorder;
import io.connlens.agent.sql.SqlFingerprintCache;
import io.connlens.agent.testing.Frames;
import io.connlens.bootstrap.HookHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Hibernate's load events as the advice hands them over: what they name, and that statements run
 * inside a load carry the innermost one into the burst they make.
 */
class HibernateLoadsTest {

  /** The shape of Hibernate's {@code InitializeCollectionEvent} the agent reads by reflection. */
  public static final class InitializeCollectionEvent {
    private final Object collection;
    private final String owner;

    InitializeCollectionEvent(String role, String owner) {
      this.collection = new PersistentBag(role);
      this.owner = owner;
    }

    public Object getCollection() {
      return collection;
    }

    public String getAffectedOwnerEntityName() {
      return owner;
    }
  }

  /** The part of a Hibernate collection the agent reads. */
  public static final class PersistentBag {
    private final String role;

    PersistentBag(String role) {
      this.role = role;
    }

    public String getRole() {
      return role;
    }
  }

  /** The shape of Hibernate's {@code LoadEvent}. */
  public static final class LoadEvent {
    public String getEntityClassName() {
      return "org.example.clinic.PetType";
    }
  }

  private final LeaseRegistry registry =
      new LeaseRegistry(new SiteCapture(SiteCapture.Mode.ALL, 1), Frames.STACK_FRAMES, Modules.pools(), System::currentTimeMillis);
  private final StatementRecorder statements =
      new StatementRecorder(registry, new SqlFingerprintCache(), 5, Frames.STACK_FRAMES, statement -> Boolean.TRUE);
  private final List<QueryBurst> bursts = new ArrayList<>();
  private final ConnectionTracker tracker = new ConnectionTracker(registry, statements, status -> {}, error -> {
    throw new AssertionError("unexpected suppressed error", error);
  });

  @Test
  void eventsNameTheAssociationAsEntityAndFieldAndTheEntityBySimpleName() throws Exception {
    OrmLoad pets = HibernateEvents.describe(
        new InitializeCollectionEvent("org.example.clinic.Owner.pets", "org.example.clinic.Owner"),
        HookHandler.ORM_COLLECTION);
    assertThat(pets.kind()).isEqualTo(OrmLoad.Kind.COLLECTION);
    assertThat(pets.name()).isEqualTo("Owner.pets");
    assertThat(pets.entity()).isEqualTo("Owner");
    // an association inside an embeddable keeps its path
    assertThat(HibernateEvents.describe(new InitializeCollectionEvent("org.example.Person.address.phones",
        "org.example.Person"), HookHandler.ORM_COLLECTION).name()).isEqualTo("Person.address.phones");
    assertThat(HibernateEvents.describe(new LoadEvent(), HookHandler.ORM_ENTITY).name()).isEqualTo("PetType");
    // an event without those methods names nothing
    assertThat(HibernateEvents.describe(new Object(), HookHandler.ORM_COLLECTION)).isNull();
    assertThat(HibernateEvents.describe(null, HookHandler.ORM_ENTITY)).isNull();
  }

  @Test
  void statementsInsideALoadCarryTheInnermostLoadIntoTheirBurst() {
    // given a connection, its statements recorded as the agent wires them
    statements.addListener(bursts::add);
    registry.addListener(statements);
    Object connection = new Object();
    Object token = tracker.acquireEnter(null, "jdbc:h2:mem:clinic");
    Object connect = tracker.connectEnter(new Object(), null);
    tracker.connectExit(null, "jdbc:h2:mem:clinic", new Properties(), connection, null, connect);
    tracker.acquireExit(null, "jdbc:h2:mem:clinic", connection, null, token);
    Lease lease = registry.openLeases().iterator().next();
    assertThat(lease).isNotNull();
    Object owners = new Object();
    Object pets = new Object();
    statementCreated(connection, "select * from owners", owners);
    statementCreated(connection, "select * from pets where owner_id = ?", pets);
    // when the owners query runs outside any load, then each owner's pets inside Owner.pets, which
    // nests an unnamed load in the middle
    execute(owners);
    for (int i = 0; i < 6; i++) {
      int outer = tracker.ormLoadEnter(new InitializeCollectionEvent("org.example.clinic.Owner.pets",
          "org.example.clinic.Owner"), HookHandler.ORM_COLLECTION);
      execute(pets);
      int inner = tracker.ormLoadEnter(new Object(), HookHandler.ORM_ENTITY);
      tracker.ormLoadExit(inner);
      tracker.ormLoadExit(outer);
    }
    tracker.connectionClosed(connection, null);
    // then the pets burst names Owner.pets, and followed the owners query's rows
    assertThat(bursts).hasSize(1);
    assertThat(bursts.get(0).ormLoad().name()).isEqualTo("Owner.pets");
    assertThat(bursts.get(0).followsPrevious()).isTrue();
  }

  @Test
  void exitsRestoreTheDepthTheirEnterFoundEvenPastTheKeptDepth() {
    statements.addListener(bursts::add);
    int[] tokens = new int[ConnectionTracker.MAX_ORM_DEPTH + 3];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = tracker.ormLoadEnter(new LoadEvent(), HookHandler.ORM_ENTITY);
    }
    for (int i = tokens.length - 1; i >= 0; i--) {
      tracker.ormLoadExit(tokens[i]);
    }
    assertThat(tokens[0]).isEqualTo(1);
    assertThat(tokens[tokens.length - 1]).isEqualTo(tokens.length);
    // a fresh load starts at depth one again
    int again = tracker.ormLoadEnter(new LoadEvent(), HookHandler.ORM_ENTITY);
    tracker.ormLoadExit(again);
    assertThat(again).isEqualTo(1);
  }

  private void statementCreated(Object connection, String sql, Object statement) {
    Object token = tracker.statementCreateEnter();
    tracker.statementCreated(connection, sql, statement, null, token);
  }

  private void execute(Object statement) {
    Object token = tracker.executeEnter();
    tracker.executeExit(statement, null, HookHandler.EXECUTE_SINGLE, null, token);
  }
}
