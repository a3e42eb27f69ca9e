package fr.iloe.tracker.report;

import java.util.List;

/** CSV lines (RFC 4180): fields separated by {@code ;}, quoted when they hold a separator, a quote or a line break. */
public final class Csv {
  public static final String SEPARATOR = ";";

  private Csv() {}

  public static String line(List<String> fields) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(SEPARATOR);
      }
      String f = fields.get(i) == null ? "" : fields.get(i);
      if (f.contains(SEPARATOR) || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
        out.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        out.append(f);
      }
    }
    return out.append("\r\n").toString();
  }

  /** A whole document: each row a line. */
  public static String lines(List<List<String>> rows) {
    StringBuilder out = new StringBuilder();
    rows.forEach(r -> out.append(line(r)));
    return out.toString();
  }

  /** Kilograms as tonnes with three decimals ({@code 7240} -> {@code 7.240}). */
  public static String tonnes(long kg) {
    return java.math.BigDecimal.valueOf(kg).movePointLeft(3).setScale(3).toPlainString();
  }
}
