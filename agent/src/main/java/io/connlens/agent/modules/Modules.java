package io.connlens.agent.modules;

import io.connlens.agent.instrumentation.ExitModule;
import io.connlens.agent.instrumentation.HibernateModule;
import io.connlens.agent.instrumentation.InstrumentationModule;
import io.connlens.agent.instrumentation.JdbcModule;
import io.connlens.agent.pool.PoolSupport;
import io.connlens.agent.pool.PoolSupports;
import io.connlens.agent.pool.agroal.AgroalModule;
import io.connlens.agent.pool.agroal.AgroalSupport;
import io.connlens.agent.pool.c3p0.C3p0Module;
import io.connlens.agent.pool.c3p0.C3p0Support;
import io.connlens.agent.pool.dbcp2.Dbcp2Module;
import io.connlens.agent.pool.dbcp2.Dbcp2Support;
import io.connlens.agent.pool.hikari.HikariModule;
import io.connlens.agent.pool.hikari.HikariSupport;
import io.connlens.agent.pool.tomcatjdbc.TomcatJdbcModule;
import io.connlens.agent.pool.tomcatjdbc.TomcatJdbcSupport;
import io.connlens.agent.pool.vibur.ViburModule;
import io.connlens.agent.pool.vibur.ViburSupport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one list of what connlens instruments: JDBC itself, each pool it knows, Hibernate, the JVM's
 * exit. A pool is its support (what is read from it) and its module (its hooks), both in the pool's
 * own package; adding a pool is that package and one line in {@link #POOLS}.
 */
public final class Modules {

  /** A pool connlens knows: how to read it, and its instrumentation. */
  private static final class Pool {
    final PoolSupport support;
    final InstrumentationModule module;

    Pool(PoolSupport support, InstrumentationModule module) {
      this.support = support;
      this.module = module;
    }
  }

  private static final List<Pool> POOLS = List.of(
      new Pool(new HikariSupport(), new HikariModule()),
      new Pool(Dbcp2Support.COMMONS, Dbcp2Module.COMMONS),
      new Pool(Dbcp2Support.TOMCAT, Dbcp2Module.TOMCAT),
      new Pool(new TomcatJdbcSupport(), new TomcatJdbcModule()),
      new Pool(new C3p0Support(), new C3p0Module()),
      new Pool(new AgroalSupport(), new AgroalModule()),
      new Pool(new ViburSupport(), new ViburModule()));

  private static final List<InstrumentationModule> ALL;
  private static final PoolSupports SUPPORTS;

  static {
    List<InstrumentationModule> all = new ArrayList<>();
    List<PoolSupport> supports = new ArrayList<>();
    all.add(new JdbcModule());
    for (Pool pool : POOLS) {
      all.add(pool.module);
      supports.add(pool.support);
    }
    all.add(new HibernateModule());
    all.add(new ExitModule());
    ALL = Collections.unmodifiableList(all);
    SUPPORTS = new PoolSupports(supports);
  }

  private Modules() {}

  /** Every instrumentation module, in installation order. */
  public static List<InstrumentationModule> all() {
    return ALL;
  }

  /** Every pool's support. */
  public static PoolSupports pools() {
    return SUPPORTS;
  }
}
