package io.connlens.agent.instrumentation;

import io.connlens.agent.registry.OrmLoad;
import io.connlens.bootstrap.HookHandler;
import java.lang.reflect.Method;

/**
 * Reads what a Hibernate load event is about, by reflection on its public methods (connlens compiles
 * against no Hibernate version): the role and owner of an {@code InitializeCollectionEvent}
 * ({@code getCollection().getRole()}, {@code getAffectedOwnerEntityName()}) and the entity of a
 * {@code LoadEvent} ({@code getEntityClassName()}). These have kept their names from Hibernate 5 to 7.
 * Methods are looked up once per class.
 */
final class HibernateEvents {
  private static final NoArgMethod GET_COLLECTION = new NoArgMethod("getCollection");
  private static final NoArgMethod GET_ROLE = new NoArgMethod("getRole");
  private static final NoArgMethod GET_OWNER_ENTITY_NAME = new NoArgMethod("getAffectedOwnerEntityName");
  private static final NoArgMethod GET_ENTITY_CLASS_NAME = new NoArgMethod("getEntityClassName");

  private HibernateEvents() {}

  /**
   * What {@code event} loads, or {@code null} when it does not tell (a Hibernate without these
   * methods, a collection without a role).
   *
   * @param kind {@link HookHandler#ORM_COLLECTION} or {@link HookHandler#ORM_ENTITY}
   */
  static OrmLoad describe(Object event, int kind) throws ReflectiveOperationException {
    if (event == null) {
      return null;
    }
    if (kind == HookHandler.ORM_COLLECTION) {
      Object collection = GET_COLLECTION.invoke(event);
      Object role = collection == null ? null : GET_ROLE.invoke(collection);
      if (!(role instanceof String)) {
        return null;
      }
      Object owner = GET_OWNER_ENTITY_NAME.invoke(event);
      return OrmLoad.collection((String) role, owner instanceof String ? (String) owner : null);
    }
    Object entity = GET_ENTITY_CLASS_NAME.invoke(event);
    return entity instanceof String ? OrmLoad.entity((String) entity) : null;
  }

  /** A public no-argument method of some name, found once per receiver class ({@code null}: it has none). */
  private static final class NoArgMethod extends ClassValue<Method> {
    private final String name;

    NoArgMethod(String name) {
      this.name = name;
    }

    @Override
    protected Method computeValue(Class<?> type) {
      try {
        return type.getMethod(name);
      } catch (NoSuchMethodException e) {
        return null;
      }
    }

    Object invoke(Object receiver) throws ReflectiveOperationException {
      Method method = get(receiver.getClass());
      return method == null ? null : method.invoke(receiver);
    }
  }
}
