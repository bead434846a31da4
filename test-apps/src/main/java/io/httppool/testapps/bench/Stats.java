package io.httppool.testapps.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Medians, because the machine is noisy, and the spread around them. */
final class Stats {
  private Stats() {}

  static double median(List<Double> values) {
    List<Double> sorted = measured(values);
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  static double max(List<Double> values) {
    List<Double> sorted = measured(values);
    return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1);
  }

  static double min(List<Double> values) {
    List<Double> sorted = measured(values);
    return sorted.isEmpty() ? Double.NaN : sorted.get(0);
  }

  /** The values that were measured (not null, not NaN), sorted. */
  private static List<Double> measured(List<Double> values) {
    List<Double> sorted = new ArrayList<>();
    for (Double value : values) {
      if (value != null && !value.isNaN()) {
        sorted.add(value);
      }
    }
    Collections.sort(sorted);
    return sorted;
  }

  /**
   * A figure measured once per round: the median a target is judged on, and the lowest and highest round, so that
   * a reader sees whether a miss is within the noise.
   */
  record Spread(double median, double min, double max, int rounds) {
    static Spread of(List<Double> values) {
      return new Spread(Stats.median(values), Stats.min(values), Stats.max(values), measured(values).size());
    }

    /** {@code 0.930 (0.880–0.970, 3 rounds)}; one round is {@code 0.930 (1 round)}. */
    String describe() {
      if (rounds == 0) {
        return "n/a";
      }
      return rounds == 1 ? medianText() + " (1 round)" : range(", " + rounds + " rounds");
    }

    /**
     * For a table whose rounds are stated once: {@code 0.930 (0.880–0.970)}, and one round the bare median; as
     * {@link #describe} when fewer than {@code roundsRun} rounds were measured (a failed run is left out).
     */
    String cell(int roundsRun) {
      if (rounds != roundsRun || rounds == 0) {
        return describe();
      }
      return rounds == 1 ? medianText() : range("");
    }

    private String medianText() {
      return String.format(Locale.ROOT, "%.3f", median);
    }

    private String range(String suffix) {
      return String.format(Locale.ROOT, "%.3f (%.3f–%.3f%s)", median, min, max, suffix);
    }
  }
}
