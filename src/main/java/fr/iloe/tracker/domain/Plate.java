package fr.iloe.tracker.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/** Vehicle registration plates: compared without case, spaces or hyphens ({@code ab 123-cd} = {@code AB-123-CD}). */
public final class Plate {
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Z0-9][A-Z0-9 -]{0,18}[A-Z0-9]");
  /** What {@link #wellFormed} refuses, as a field error says it. */
  public static final String RULE = "must be 2 to 20 letters, digits, spaces or hyphens";

  private Plate() {}

  /** 2 to 20 letters, digits, spaces or hyphens, as displayed (see {@link #RULE}). */
  public static boolean wellFormed(String plate) {
    return WELL_FORMED.matcher(display(plate)).matches();
  }

  /** The form used to compare plates and to look up stored tares. */
  public static String key(String plate) {
    return plate.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
  }

  /** The form stored and shown: upper case, outer spaces trimmed. */
  public static String display(String plate) {
    return plate.trim().toUpperCase(Locale.ROOT);
  }
}
