package dev.cairn.operator.plan;

/** Condition reasons shared by the planners and the status aggregator. */
public final class ConditionReasons {

    public static final String QUORUM_LOST = "QuorumLost";
    public static final String QUORUM_HEALTHY = "QuorumHealthy";
    public static final String MEMBER_REPLACING = "MemberReplacing";
    public static final String MEMBER_UNHEALTHY = "MemberUnhealthy";
    public static final String EVEN_MEMBER_COUNT = "EvenMemberCount";
    public static final String DATA_WITHOUT_MEMBERS = "DataWithoutMembers";
    public static final String UNEXPECTED_MEMBER = "UnexpectedMember";
    public static final String REPLACEMENT_BLOCKED = "ReplacementBlocked";
    public static final String BOOTSTRAPPING = "Bootstrapping";
    public static final String SCALING_UP = "ScalingUp";
    public static final String SCALING_DOWN = "ScalingDown";
    public static final String ROLLING_UPDATE = "RollingUpdate";
    public static final String AWAITING_MEMBER_HEALTH = "AwaitingMemberHealth";
    public static final String RECONCILED = "Reconciled";
    public static final String BLOCKED = "Blocked";
    public static final String HEALTHY = "Healthy";

    private ConditionReasons() {
    }
}
