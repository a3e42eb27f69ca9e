package fr.iloe.tracker.domain;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A treatment operation code of the Waste Framework Directive, R0 to R13 (recovery, R0 being the French
 * reuse code) or D1 to D15 (disposal), written in the national platform's normalised form {@code R 3}.
 *
 * <p>Each final code has a default {@link Mode}; R12, R13, D9 and D13 to D15 are not final: the lot's fate
 * is known only once the destination reports its next operation (domain.md A2).
 */
public record OperationCode(char kind, int number) {
  private static final Pattern LOOSE = Pattern.compile("([RDrd])\\s*(\\d{1,2})");

  public OperationCode {
    if (kind == 'R' ? number < 0 || number > 13 : kind != 'D' || number < 1 || number > 15) {
      throw new IllegalArgumentException("no such operation code: " + kind + number);
    }
  }

  /** Reads {@code R3}, {@code r 3} or {@code R 3}; empty when it is not an operation code. */
  public static Optional<OperationCode> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = LOOSE.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    char kind = Character.toUpperCase(m.group(1).charAt(0));
    int number = Integer.parseInt(m.group(2));
    boolean valid = kind == 'R' ? number <= 13 : number >= 1 && number <= 15;
    return valid ? Optional.of(new OperationCode(kind, number)) : Optional.empty();
  }

  public boolean recovery() {
    return kind == 'R';
  }

  /** Final codes have a mode; storage, exchange, blending and pre-treatment codes do not. */
  public boolean isFinal() {
    return defaultMode().isPresent();
  }

  /** The mode this code stands for, empty for a non-final code. */
  public Optional<Mode> defaultMode() {
    if (kind == 'R') {
      if (number == 0) {
        return Optional.of(Mode.REUSE);
      }
      if (number == 1) {
        return Optional.of(Mode.ENERGY_RECOVERY);
      }
      return number <= 11 ? Optional.of(Mode.RECYCLING) : Optional.empty();
    }
    return Set.of(9, 13, 14, 15).contains(number) ? Optional.empty() : Optional.of(Mode.DISPOSAL);
  }

  /**
   * The modes a pass may declare for this code: its default, plus OTHER_RECOVERY for R 3 and R 5 and
   * ENERGY_RECOVERY for R 9 and R 11 (interface.md, Modes).
   */
  public Set<Mode> allowedModes() {
    Optional<Mode> base = defaultMode();
    if (base.isEmpty()) {
      return Set.of();
    }
    if (kind == 'R' && (number == 3 || number == 5)) {
      return Set.of(base.get(), Mode.OTHER_RECOVERY);
    }
    if (kind == 'R' && (number == 9 || number == 11)) {
      return Set.of(base.get(), Mode.ENERGY_RECOVERY);
    }
    return Set.of(base.get());
  }

  /** The normalised form, {@code R 3}. */
  @Override
  public String toString() {
    return kind + " " + number;
  }
}
