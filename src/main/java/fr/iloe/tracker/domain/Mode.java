package fr.iloe.tracker.domain;

/** The final fate of an outgoing lot (domain.md A2, the national platform's operation modes). */
public enum Mode {
  REUSE,
  RECYCLING,
  OTHER_RECOVERY,
  ENERGY_RECOVERY,
  DISPOSAL;

  /** Material recovery: every recovery except energy (domain.md A2 and B6). */
  public boolean isMaterial() {
    return this == REUSE || this == RECYCLING || this == OTHER_RECOVERY;
  }
}
