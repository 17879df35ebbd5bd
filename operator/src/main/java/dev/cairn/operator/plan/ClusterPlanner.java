package dev.cairn.operator.plan;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The next step for one cluster: a pure function of the spec, one observation and the time. It keeps no
 * state, so after an operator crash between any two steps the next observation leads to the right next
 * step. Precedence, first match wins:
 * <ol>
 *   <li>no member list: bootstrap (only if nothing of a cluster exists) or report;</li>
 *   <li>no healthy majority: nothing destructive, report QuorumLost (or wait while first forming);</li>
 *   <li>members that belong to no ordinal: report, touch nothing;</li>
 *   <li>finish a bootstrap (join configurations to {@code existing});</li>
 *   <li>a pending learner, then the lowest vacant ordinal (scale-up or replacement in progress);</li>
 *   <li>scale down;</li>
 *   <li>start a replacement;</li>
 *   <li>rolling update;</li>
 *   <li>heal the StatefulSet size, wait for unhealthy members;</li>
 *   <li>done.</li>
 * </ol>
 */
public final class ClusterPlanner {

    private final BootstrapPlanner bootstrap = new BootstrapPlanner();
    private final JoinPlanner join = new JoinPlanner();
    private final ScaleDownPlanner scaleDown = new ScaleDownPlanner();
    private final ReplacementPlanner replacement = new ReplacementPlanner();
    private final RollingUpdatePlanner rolling = new RollingUpdatePlanner();
    private final HealingPlanner healing = new HealingPlanner();

    public Decision plan(DesiredCluster desired, ObservedCluster observed, Instant now) {
        ClusterView view = new ClusterView(desired, observed, now);
        if (!observed.membersListed()) {
            return bootstrap.planUnreachable(view);
        }
        if (!view.hasQuorum()) {
            return bootstrap.planForming(view);
        }
        if (!view.unexpectedMembers().isEmpty()) {
            String ids = view.unexpectedMembers().stream().map(ObservedMember::hexId).collect(Collectors.joining(", "));
            return Decision.of(Purpose.BLOCKED, new Step.ReportDegraded(ConditionReasons.UNEXPECTED_MEMBER,
                    "members " + ids + " have peer URLs of no ordinal of " + desired.naming().statefulSet()
                            + "; remove them by hand"));
        }
        return Stream.<Function<ClusterView, Optional<Decision>>>of(
                        bootstrap::planFinish, join::plan, scaleDown::plan, replacement::plan, rolling::plan,
                        healing::plan)
                .map(planner -> planner.apply(view)).flatMap(Optional::stream).findFirst()
                .orElse(Decision.of(Purpose.STEADY, new Step.Done()));
    }
}
