package fr.iloe.tracker.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A code of the European List of Waste: six digits written in three pairs separated by spaces, with a
 * trailing {@code *} for hazardous waste (domain.md A3), for example {@code 20 03 07} or {@code 20 01 35*}.
 * Chapters run from 01 to 20.
 */
public record WasteCode(String code) {
  private static final Pattern NORMALISED = Pattern.compile("(0[1-9]|1\\d|20) \\d{2} \\d{2}\\*?");
  private static final Pattern LOOSE = Pattern.compile("(\\d{2}) ?(\\d{2}) ?(\\d{2})( ?\\*)?");

  public WasteCode {
    if (code == null || !NORMALISED.matcher(code).matches()) {
      throw new IllegalArgumentException("not a normalised List of Waste code: " + code);
    }
  }

  /**
   * Reads a code written with or without its spaces ({@code 200307}, {@code 20 03 07}) and answers it in the
   * normalised form, or empty when it is not a List of Waste code.
   */
  public static Optional<WasteCode> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = LOOSE.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    String normalised = m.group(1) + " " + m.group(2) + " " + m.group(3) + (m.group(4) != null ? "*" : "");
    return NORMALISED.matcher(normalised).matches() ? Optional.of(new WasteCode(normalised)) : Optional.empty();
  }

  public boolean hazardous() {
    return code.endsWith("*");
  }

  @Override
  public String toString() {
    return code;
  }
}
