package fr.iloe.tracker.domain;

/** How a ticket's tare was obtained: weighed on the bridge (second pass) or the vehicle's stored tare. */
public enum TareMode {
  MEASURED,
  STORED
}
