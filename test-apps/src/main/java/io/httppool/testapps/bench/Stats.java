package io.httppool.testapps.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Medians, because the machine is noisy. */
final class Stats {
  private Stats() {}

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>();
    for (Double value : values) {
      if (value != null && !value.isNaN()) {
        sorted.add(value);
      }
    }
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(sorted);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  static double max(List<Double> values) {
    double max = Double.NaN;
    for (Double value : values) {
      if (value != null && !value.isNaN() && (Double.isNaN(max) || value > max)) {
        max = value;
      }
    }
    return max;
  }
}
