package dev.cairn.node.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A histogram family with one label (etcd's {@code To} for peer round trips): one histogram per label value,
 * created on its first record. Bounded by the caller's label values, which are member ids.
 */
public final class LabelledHistograms {
    private final String label;
    private final Supplier<DurationHistogram> newHistogram;
    private final Map<String, DurationHistogram> byValue = new ConcurrentHashMap<>();

    public LabelledHistograms(String label, Supplier<DurationHistogram> newHistogram) {
        this.label = label;
        this.newHistogram = newHistogram;
    }

    public void record(String labelValue, long nanos) {
        DurationHistogram histogram = byValue.get(labelValue);
        if (histogram == null) {
            histogram = byValue.computeIfAbsent(labelValue, v -> newHistogram.get());
        }
        histogram.record(nanos);
    }

    /** Forgets a label value (a removed peer), as etcd deletes its series. */
    public void remove(String labelValue) {
        byValue.remove(labelValue);
    }

    /** The family's HELP and TYPE lines, then the series of each label value in order; no series before a record. */
    public void writeTo(PrometheusText text, String name, String help) {
        text.family(name, "histogram", help);
        new TreeMap<>(byValue).forEach((value, histogram) -> text.histogram(name, histogram, label, value));
    }
}
