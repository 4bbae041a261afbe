package dev.kvmrunner.load;

import java.util.Arrays;
import java.util.Collection;

/** The median of measured values (boot times, inflations, wall times): what one outlier does not move. */
public final class Median {
    private Median() {}

    /** The median of VALUES, which it leaves unchanged; NaN when there are none. */
    public static double of(double... values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The median of VALUES; NaN when there are none. */
    public static double of(Collection<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The median of VALUES, or 0 when there are none (a figure that is unknown). */
    public static double orZero(double... values) {
        return values.length == 0 ? 0 : of(values);
    }
}
