package io.connlens.agent.registry;

/** Told of each query burst when its unit of work ends; the statement detector implements it. */
public interface QueryBurstListener {
  /** Runs on the application's thread (at commit, rollback or close): must be quick and never block. */
  void onBurst(QueryBurst burst);
}
