package io.connlens.agent.detection;

/** Told of findings as they are made and as they recur. Sinks implement it. */
public interface FindingListener {
  /** A finding was made: the first occurrence of its key. */
  void onNewFinding(Finding finding);

  /** One more occurrence of a finding already made (its count went up). */
  default void onFindingUpdated(Finding finding) {}
}
