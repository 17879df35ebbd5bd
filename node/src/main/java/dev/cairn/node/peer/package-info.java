/**
 * The peer transport: how members exchange Raft messages and state-store snapshots over gRPC on
 * {@code --listen-peer-urls}, with etcd's peer TLS.
 *
 * <p>Start-up of a member, in order:
 * <ol>
 *   <li>{@code PeerTlsContext.build(config.peerTls(), dataDir, listenPeerUrls)} (empty without peer TLS);</li>
 *   <li>with {@code --initial-cluster-state=existing}: {@link dev.cairn.node.peer.PeerDirectory#fetchCluster} on the
 *       other members' peer URLs gives the cluster id and, by {@link dev.cairn.node.peer.ClusterInfo#memberWithPeerUrls},
 *       this member's id;</li>
 *   <li>{@link dev.cairn.node.peer.PeerTransport#start} with {@link dev.cairn.node.peer.PeerSettings#of} and the
 *       member's {@link dev.cairn.node.peer.PeerHost};</li>
 *   <li>{@link dev.cairn.node.peer.PeerTransport#updatePeers} with every member's peer URLs, again whenever the
 *       membership changes;</li>
 *   <li>the raft loop hands each {@code Ready}'s messages to {@link dev.cairn.node.peer.PeerTransport#send}.</li>
 * </ol>
 * Inbound messages reach {@link dev.cairn.node.peer.PeerHost#receive}; inbound snapshots reach
 * {@link dev.cairn.node.peer.PeerHost#snapshotReceived} (never {@code receive}).
 */
package dev.cairn.node.peer;
