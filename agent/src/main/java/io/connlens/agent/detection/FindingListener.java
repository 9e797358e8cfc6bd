package io.connlens.agent.detection;

/** Told of each new finding (the first occurrence of its key) as it is made. Sinks implement it. */
public interface FindingListener {
  /** A finding was made; later occurrences only raise its count and are not announced. */
  void onNewFinding(Finding finding);
}
