package fr.iloe.tracker.domain;

import java.util.Locale;

/** Vehicle registration plates: compared without case, spaces or hyphens ({@code ab 123-cd} = {@code AB-123-CD}). */
public final class Plate {
  private Plate() {}

  /** The form used to compare plates and to look up stored tares. */
  public static String key(String plate) {
    return plate.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
  }

  /** The form stored and shown: upper case, outer spaces trimmed. */
  public static String display(String plate) {
    return plate.trim().toUpperCase(Locale.ROOT);
  }
}
