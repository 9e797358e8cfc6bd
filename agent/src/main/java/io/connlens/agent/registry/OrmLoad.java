package io.connlens.agent.registry;

/**
 * What Hibernate was loading when a statement ran: a collection (an association's elements, named as
 * entity and field, {@code Owner.pets}) or one entity ({@code PetType}). Named from what Hibernate
 * itself knows at that moment (the collection's role, the entity's name), so that an N+1 names the
 * mapping where the fix goes.
 */
public final class OrmLoad {
  /** What kind of thing was loaded. */
  public enum Kind {
    /** The elements of a collection-valued association. */
    COLLECTION,
    /** One entity: a to-one association, a proxy, or a find by id. */
    ENTITY
  }

  private final Kind kind;
  private final String name;
  private final String entity;

  private OrmLoad(Kind kind, String name, String entity) {
    this.kind = kind;
    this.name = name;
    this.entity = entity;
  }

  /**
   * A collection of {@code role} ({@code org.example.Owner.pets}) owned by the entity
   * {@code ownerEntityName} ({@code org.example.Owner}; {@code null} when unknown).
   */
  public static OrmLoad collection(String role, String ownerEntityName) {
    String owner;
    String field;
    if (ownerEntityName != null && role.length() > ownerEntityName.length() + 1 && role.startsWith(ownerEntityName)
        && role.charAt(ownerEntityName.length()) == '.') {
      owner = simpleName(ownerEntityName);
      field = role.substring(ownerEntityName.length() + 1);
    } else {
      int dot = role.lastIndexOf('.');
      owner = dot < 0 ? "?" : simpleName(role.substring(0, dot));
      field = role.substring(dot + 1);
    }
    return new OrmLoad(Kind.COLLECTION, owner + "." + field, owner);
  }

  /** One entity of {@code entityName} ({@code org.example.PetType}). */
  public static OrmLoad entity(String entityName) {
    String simple = simpleName(entityName);
    return new OrmLoad(Kind.ENTITY, simple, simple);
  }

  /** A collection or an entity. */
  public Kind kind() {
    return kind;
  }

  /** {@code Owner.pets} for a collection, {@code PetType} for an entity. */
  public String name() {
    return name;
  }

  /** The entity that owns the collection, or the entity loaded: {@code Owner}, {@code PetType}. */
  public String entity() {
    return entity;
  }

  private static String simpleName(String entityName) {
    return entityName.substring(entityName.lastIndexOf('.') + 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OrmLoad && ((OrmLoad) o).kind == kind && ((OrmLoad) o).name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + kind.hashCode();
  }

  @Override
  public String toString() {
    return kind == Kind.COLLECTION ? name : "entity " + name;
  }
}
