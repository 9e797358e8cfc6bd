package io.connlens.agent.pool;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How pool supports read a pool they cannot link against (its classes are the application's, in the
 * application's class loader): public getters and fields by name, looked up once per class and name,
 * and every failure (no such member, a module that does not open the package, the getter throwing)
 * answered with {@code null} or {@code -1}. Nothing here changes the object read.
 */
public final class PoolReflection {
  private static final ClassValue<Map<String, Optional<Method>>> GETTERS = new ClassValue<>() {
    @Override
    protected Map<String, Optional<Method>> computeValue(Class<?> type) {
      return new ConcurrentHashMap<>();
    }
  };

  private PoolReflection() {}

  /** {@code target.getter()} for a public no-argument method, or {@code null} if there is none or it threw. */
  public static Object call(Object target, String getter) {
    if (target == null) {
      return null;
    }
    Optional<Method> method = GETTERS.get(target.getClass()).computeIfAbsent(getter, name -> find(target.getClass(), name));
    if (method.isEmpty()) {
      return null;
    }
    try {
      return method.get().invoke(target);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** {@link #call} as text, or {@code null}. */
  public static String text(Object target, String getter) {
    Object value = call(target, getter);
    return value == null ? null : value.toString();
  }

  /** {@link #call} as an int, or {@code -1}. */
  public static int number(Object target, String getter) {
    Object value = call(target, getter);
    return value instanceof Number ? ((Number) value).intValue() : -1;
  }

  private static Optional<Method> find(Class<?> type, String name) {
    try {
      Method method = type.getMethod(name);
      if (method.getParameterCount() != 0) {
        return Optional.empty();
      }
      if (!Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
        // a public method of a non-public class (a pool's internal subclass): reachable only this way
        method.setAccessible(true);
      }
      return Optional.of(method);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  /**
   * A field of a pool class read on objects of that class and its subclasses, made accessible once per
   * class; objects of other classes, and classes whose module does not open the field, read {@code null}.
   */
  public static final class FieldReader {
    private final String declaringClass;
    private final String fieldName;
    private final ClassValue<Optional<Field>> fields = new ClassValue<>() {
      @Override
      protected Optional<Field> computeValue(Class<?> type) {
        return find(type);
      }
    };

    /** Reads {@code fieldName} declared in the class named {@code declaringClass}. */
    public FieldReader(String declaringClass, String fieldName) {
      this.declaringClass = declaringClass;
      this.fieldName = fieldName;
    }

    /** The field's value in {@code target}, or {@code null}. */
    public Object read(Object target) {
      if (target == null) {
        return null;
      }
      Optional<Field> field = fields.get(target.getClass());
      if (field.isEmpty()) {
        return null;
      }
      try {
        return field.get().get(target);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }

    private Optional<Field> find(Class<?> type) {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        if (c.getName().equals(declaringClass)) {
          try {
            Field field = c.getDeclaredField(fieldName);
            field.setAccessible(true);
            return Optional.of(field);
          } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
          }
        }
      }
      return Optional.empty();
    }
  }
}
