package dev.cairn.operator.plan;

/** A condition's status as Kubernetes spells it. */
public enum ConditionStatus {
    TRUE("True"),
    FALSE("False"),
    UNKNOWN("Unknown");

    private final String wireValue;

    ConditionStatus(String wireValue) {
        this.wireValue = wireValue;
    }

    public String wireValue() {
        return wireValue;
    }

    static ConditionStatus of(boolean value) {
        return value ? TRUE : FALSE;
    }
}
