package dev.cairn.operator.plan;

import java.util.Objects;

/** The planner's answer for one reconcile: the next step and what it serves. */
public record Decision(Step step, Purpose purpose) {

    public Decision {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(purpose, "purpose");
        if (step instanceof Step.Done != (purpose == Purpose.STEADY)) {
            throw new IllegalArgumentException("Done goes with STEADY and only with it: " + step + " / " + purpose);
        }
        if (step instanceof Step.ReportDegraded != (purpose == Purpose.BLOCKED)) {
            throw new IllegalArgumentException("ReportDegraded goes with BLOCKED and only with it");
        }
    }

    static Decision of(Purpose purpose, Step step) {
        return new Decision(step, purpose);
    }
}
