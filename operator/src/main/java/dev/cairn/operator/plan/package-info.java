/**
 * The operator's decisions, as pure functions: {@link dev.cairn.operator.plan.ClusterPlanner} turns the spec
 * ({@link dev.cairn.operator.plan.DesiredCluster}), one observation ({@link dev.cairn.operator.plan.ObservedCluster})
 * and the time into the one next {@link dev.cairn.operator.plan.Step}; {@link
 * dev.cairn.operator.plan.ConditionAggregator} turns the same inputs and that decision into the status
 * conditions. Nothing here talks to Kubernetes or etcd.
 *
 * <p>What the reconciler owes the planner, so that its answers are right:
 * <ul>
 *   <li>{@code membersListed}: the member list as one member answered it; each member joined with its own
 *       Status answer (raft index, applied index, leader) when it gave one.</li>
 *   <li>{@link dev.cairn.operator.plan.MemberHealth#since()}: the time the member's health last changed, kept in
 *       the resource's status, so that an operator restart does not reset the replacement clock.</li>
 *   <li>{@code formedBefore}: true once the status has recorded a cluster id; from then on no bootstrap.</li>
 *   <li>{@link dev.cairn.operator.plan.VolumeState}: what the claim holds now; {@code UNKNOWN} when nothing
 *       reported it. The planner never replaces a member that answers its health check, whatever the report.</li>
 *   <li>Each {@link dev.cairn.operator.plan.Slot#joinConfig()}: the join configuration published for that
 *       ordinal (read back, not remembered).</li>
 * </ul>
 *
 * <p>And what each step asks of the reconciler: {@code Bootstrap} writes every join configuration with state
 * {@code new} before it scales the StatefulSet; {@code WriteJoinConfig} never restarts a pod (etcd reads the
 * configuration only into an empty data directory); {@code RollPod} and {@code DeletePod} delete the pod and
 * let the StatefulSet (update strategy OnDelete) recreate it; {@code Wait} and {@code ReportDegraded} requeue.
 * A step the API refuses (a stale observation, say) is simply planned again from the next observation.
 */
package dev.cairn.operator.plan;
