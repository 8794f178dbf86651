package io.asyncservice.bench.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Order statistics of a sample: count, min, p50, p99 and max, by the nearest-rank method (the p-th percentile is the
 * smallest value with at least p% of the sample at or below it), so every figure is a value that was measured.
 */
public record Summary(int count, double min, double p50, double p99, double max) {

    public static Summary of(Collection<Double> values) {
        if (values.isEmpty()) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return new Summary(sorted.size(), sorted.get(0), percentile(sorted, 50), percentile(sorted, 99),
                sorted.get(sorted.size() - 1));
    }

    /** Nearest rank: the value at position ceil(p/100 * n), 1-based, of an ascending list. */
    static double percentile(List<Double> ascending, double p) {
        int rank = (int) Math.ceil(p / 100.0 * ascending.size());
        return ascending.get(Math.max(0, Math.min(ascending.size() - 1, rank - 1)));
    }

    public boolean isEmpty() {
        return count == 0;
    }
}
