package fr.iloe.tracker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Linux process and machine figures read from {@code /proc}: CPU ticks, resident memory. */
final class Proc {
  private Proc() {}

  /** Clock ticks per second of {@code /proc/<pid>/stat} (getconf CLK_TCK, 100 on Linux/x86). */
  static final long HZ = clockTicks();

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor(5, TimeUnit.SECONDS);
      return Long.parseLong(out);
    } catch (IOException | InterruptedException | NumberFormatException e) {
      return 100;
    }
  }

  /** utime + stime of a process, in ticks; -1 when it is gone. */
  static long cpuTicks(long pid) {
    return cpuTicks(String.valueOf(pid));
  }

  private static long cpuTicks(String pidPath) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pidPath + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static String comm(Path statFile) {
    try {
      String stat = Files.readString(statFile);
      return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** utime + stime of every process named {@code name} (e.g. every PostgreSQL backend), by pid. */
  static Map<Long, Long> cpuTicksByName(String name) {
    Map<Long, Long> ticks = new HashMap<>();
    try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
      dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(d -> name.equals(comm(d.resolve("stat"))))
          .forEach(d -> {
            long pid = Long.parseLong(d.getFileName().toString());
            long t = cpuTicks(pid);
            if (t >= 0) {
              ticks.put(pid, t);
            }
          });
    } catch (IOException e) {
      // no /proc: no figure
    }
    return ticks;
  }

  /** utime + stime of each thread of a process, by "name tid". */
  static Map<String, Long> threadTicks(long pid) {
    Map<String, Long> ticks = new HashMap<>();
    try (Stream<Path> dirs = Files.list(Path.of("/proc/" + pid + "/task"))) {
      dirs.forEach(d -> {
        long tid = Long.parseLong(d.getFileName().toString());
        String name = comm(d.resolve("stat"));
        long t = cpuTicks(pid + "/task/" + tid);
        if (t >= 0) {
          ticks.put(name + " " + tid, t);
        }
      });
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return ticks;
  }

  /** CPU (cores) of the busiest threads between two samples, grouped by name without digits, busiest first. */
  static Map<String, Double> threadCores(Map<String, Long> before, Map<String, Long> after, double wallSeconds) {
    Map<String, Double> byName = new HashMap<>();
    after.forEach((k, v) -> {
      String name = k.substring(0, k.lastIndexOf(' ')).replaceAll("\\d+", "#");
      byName.merge(name, (v - before.getOrDefault(k, 0L)) / (double) HZ / wallSeconds, Double::sum);
    });
    Map<String, Double> sorted = new java.util.LinkedHashMap<>();
    byName.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  /** Total and idle ticks of the whole machine (first line of /proc/stat). */
  static long[] machineTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total, idle};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** A field of /proc/<pid>/status in kB (VmRSS, VmHWM), -1 when unknown. */
  static long statusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return -1;
  }

  /** CPU used between two samples by a set of processes, and by the machine. */
  static final class Window {
    private final long start = System.nanoTime();
    private final long[] machine0 = machineTicks();
    private final Map<String, Long> single = new HashMap<>();
    private final Map<String, Map<Long, Long>> named = new HashMap<>();
    private final Map<String, Long> pids = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();

    Window process(String label, long pid) {
      pids.put(label, pid);
      single.put(label, cpuTicks(pid));
      return this;
    }

    Window processesNamed(String label, String comm) {
      names.put(label, comm);
      named.put(label, cpuTicksByName(comm));
      return this;
    }

    /** Cores used by each labelled process (CPU seconds / wall seconds), and "machine" busy cores. */
    Map<String, Double> cores() {
      double wall = (System.nanoTime() - start) / 1e9;
      Map<String, Double> out = new java.util.LinkedHashMap<>();
      pids.forEach((label, pid) -> {
        long now = cpuTicks(pid);
        out.put(label, now < 0 ? Double.NaN : (now - single.get(label)) / (double) HZ / wall);
      });
      names.forEach((label, comm) -> {
        Map<Long, Long> before = named.get(label);
        long sum = 0;
        for (Map.Entry<Long, Long> e : cpuTicksByName(comm).entrySet()) {
          sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        out.put(label, sum / (double) HZ / wall);
      });
      long[] m = machineTicks();
      long total = m[0] - machine0[0];
      long idle = m[1] - machine0[1];
      int cpus = Runtime.getRuntime().availableProcessors();
      out.put("machine", total == 0 ? Double.NaN : (total - idle) / (double) total * cpus);
      return out;
    }
  }
}
