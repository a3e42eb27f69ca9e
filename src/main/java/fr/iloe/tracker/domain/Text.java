package fr.iloe.tracker.domain;

/** Text that a record can hold: PostgreSQL stores no NUL, UTF-8 encodes no lone surrogate. */
public final class Text {
  private Text() {}

  /**
   * The first character of a text that has no place in a record, or -1: NUL, the other C0 controls but tab and
   * line breaks, DEL, and a surrogate without its pair.
   */
  public static int firstUnstorable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
        return c;
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return c;
      }
    }
    return -1;
  }

  /**
   * The text with each unstorable character written as {@code \\uXXXX}: for what the tracker records about
   * input it refused (quarantine reasons, the audit log), which must be stored whatever the input held.
   */
  public static String storable(String text) {
    if (text == null || firstUnstorable(text) < 0) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
      if (paired) {
        b.append(c).append(text.charAt(++i));
      } else if (firstUnstorable(String.valueOf(c)) >= 0) {
        b.append(String.format("\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
