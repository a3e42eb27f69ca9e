package fr.iloe.tracker.domain;

/** Which way the load crosses the site's gate: IN to be sorted, OUT to a treatment partner. */
public enum Direction {
  IN,
  OUT
}
