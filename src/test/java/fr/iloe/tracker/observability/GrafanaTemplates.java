package fr.iloe.tracker.observability;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Grafana does to a query before sending it: {@code $name}, {@code ${name}}, {@code ${name:format}} and
 * {@code [[name]]} replaced by the variables' values, and the SQL time macros expanded. A name without a
 * value is left as it is, so that {@link #unresolved} finds it.
 */
final class GrafanaTemplates {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::(\\w+))?}|\\[\\[(\\w+)]]|\\$(\\w+)");
  private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^)]+)\\)");
  private static final Pattern LEFT = Pattern.compile("\\$\\{?\\w+|\\[\\[\\w+]]");

  private GrafanaTemplates() {}

  /** Grafana's built-in interval variables, as a dashboard at its default range would give them. */
  static Map<String, String> builtIns() {
    return Map.of("__rate_interval", "1m", "__interval", "1m", "__range", "1h");
  }

  static String substitute(String query, Map<String, String> values) {
    // the dashboard's time range is "the last day" for the SQL panels
    String text = TIME_FILTER.matcher(query).replaceAll("$1 BETWEEN now() - interval '1 day' AND now()");
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(3) != null ? m.group(3) : m.group(4);
      String value = values.get(name);
      String replacement = value == null ? m.group() : format(value, m.group(2));
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String format(String value, String format) {
    if (format == null || format.equals("raw")) {
      return value;
    }
    if (format.equals("sqlstring")) {
      return "'" + value.replace("'", "''") + "'";
    }
    throw new IllegalArgumentException("variable format not handled by the test: " + format);
  }

  /** The first variable left in a query after substitution, or null. */
  static String unresolved(String query) {
    Matcher m = LEFT.matcher(query);
    return m.find() ? m.group() : null;
  }
}
