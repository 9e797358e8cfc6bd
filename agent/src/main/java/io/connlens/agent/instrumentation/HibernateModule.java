package io.connlens.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.connlens.bootstrap.ConnlensHooks;
import io.connlens.bootstrap.HookHandler;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * Hibernate 5 to 7: the two event listeners that load a collection and an entity, so that an N+1
 * names the association or entity it loads one at a time ({@link HibernateEvents} reads the event).
 * Installed only when statements are tracked.
 */
public final class HibernateModule implements InstrumentationModule {
  /** The listener that initializes a collection. */
  static final String COLLECTION_LISTENER = "org.hibernate.event.internal.DefaultInitializeCollectionEventListener";
  /** The listener that loads an entity. */
  static final String LOAD_LISTENER = "org.hibernate.event.internal.DefaultLoadEventListener";

  @Override
  public String name() {
    return "hibernate";
  }

  @Override
  public String description() {
    return "Hibernate's collection and entity load listeners: an N+1 names the association or entity it loads"
        + " (with statements=true only).";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return List.of(
        TypeInstrumentation.named(COLLECTION_LISTENER)
            .adviseStatements(named("onInitializeCollection").and(takesArguments(1)), InitializeCollection.class),
        TypeInstrumentation.named(LOAD_LISTENER)
            .adviseStatements(named("onLoad").and(takesArguments(2)), LoadEntity.class));
  }

  /**
   * {@code DefaultInitializeCollectionEventListener.onInitializeCollection(event)}: the statements until
   * it returns load one collection, which the event names.
   */
  static final class InitializeCollection {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static int enter(@Advice.Argument(0) Object event) {
      return ConnlensHooks.ormLoadEnter(event, HookHandler.ORM_COLLECTION);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter int token) {
      ConnlensHooks.ormLoadExit(token);
    }
  }

  /**
   * {@code DefaultLoadEventListener.onLoad(event, loadType)}: the statements until it returns load one
   * entity, which the event names.
   */
  static final class LoadEntity {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static int enter(@Advice.Argument(0) Object event) {
      return ConnlensHooks.ormLoadEnter(event, HookHandler.ORM_ENTITY);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter int token) {
      ConnlensHooks.ormLoadExit(token);
    }
  }
}
