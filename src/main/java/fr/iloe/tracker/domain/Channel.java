package fr.iloe.tracker.domain;

import java.util.Locale;

/** How a message reached the tracker. */
public enum Channel {
  HTTP,
  MQTT;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
