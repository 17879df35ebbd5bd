package dev.cairn.node.config;

/** The help text of {@code cairn}, grouped like etcd's, listing what this version implements. */
final class HelpText {

    static final String TEXT = """
            Usage:

              cairn [flags]
                Start a cairn member (etcd v3 API compatible).

              cairn --version
                Show the version of cairn.

              cairn -h | --help
                Show this help.

              cairn --config-file <path>
                Read the settings from an etcd YAML configuration file. When a configuration file is given,
                other command-line flags and environment variables are ignored.

            Every flag can also be given as an environment variable: ETCD_ followed by the flag name in upper case
            with dashes as underscores (--data-dir -> ETCD_DATA_DIR). A flag on the command line wins over its
            variable. Flags take one or two dashes, and a value either after '=' or as the next argument.

            Member:
              --name 'default'
                Human-readable name for this member.
              --data-dir '${name}.etcd'
                Path to the data directory.
              --wal-dir ''
                Path to a dedicated directory for the Raft log.
              --snapshot-count '100000'
                Number of committed transactions to trigger a snapshot to disk.
              --heartbeat-interval '100'
                Time (in milliseconds) of a heartbeat interval.
              --election-timeout '1000'
                Time (in milliseconds) for an election to time out; at least 5 times the heartbeat interval.
              --listen-peer-urls 'http://localhost:2380'
                List of URLs to listen on for peer traffic.
              --listen-client-urls 'http://localhost:2379'
                List of URLs to listen on for client traffic.
              --quota-backend-bytes '0'
                Raise alarms when the backend size exceeds the given quota (0 means the default of 2 GiB).
              --listen-metrics-urls ''
                List of http URLs to serve /health, /livez, /readyz, /version and /metrics on.
              --max-txn-ops '128'
                Maximum number of operations permitted in a transaction.
              --max-request-bytes '1572864'
                Maximum client request size in bytes the server will accept.
              --auto-compaction-mode 'periodic'
                Interpret 'auto-compaction-retention' as a period ('periodic') or a number of revisions ('revision').
              --auto-compaction-retention '0'
                Auto compaction retention (0 means off): hours or a duration such as '30m' in periodic mode,
                revisions in revision mode.

            Clustering:
              --initial-advertise-peer-urls 'http://localhost:2380'
                List of this member's peer URLs to advertise to the rest of the cluster.
              --initial-cluster 'default=http://localhost:2380'
                Initial cluster configuration for bootstrapping (defaults to ${name}=<initial-advertise-peer-urls>).
              --initial-cluster-state 'new'
                Initial cluster state ('new' or 'existing').
              --initial-cluster-token 'etcd-cluster'
                Initial cluster token for the cluster during bootstrap.
              --advertise-client-urls 'http://localhost:2379'
                List of this member's client URLs to advertise to the public; required when
                --listen-client-urls is given.

            Security:
              --cert-file ''
                Path to the client server TLS cert file (used by https client URLs).
              --key-file ''
                Path to the client server TLS key file.
              --client-cert-auth 'false'
                Require and verify client certificates on https client URLs.
              --trusted-ca-file ''
                Path to the client server TLS trusted CA cert file; setting it also requires client certificates.
              --auto-tls 'false'
                Client TLS using a generated self-signed certificate (when --cert-file and --key-file are not given).
              --peer-cert-file ''
                Path to the peer server TLS cert file (also presented when dialing peers).
              --peer-key-file ''
                Path to the peer server TLS key file.
              --peer-client-cert-auth 'false'
                Enable peer client cert authentication.
              --peer-trusted-ca-file ''
                Path to the peer server TLS trusted CA file; setting it also requires peer client certificates.
              --peer-cert-allowed-cn ''
                Required CN for client certs connecting to the peer endpoint.
              --peer-cert-allowed-hostname ''
                Allowed TLS hostname for inter peer authentication.
              --peer-auto-tls 'false'
                Peer TLS using self-generated certificates if --peer-key-file and --peer-cert-file are not provided.
              --peer-crl-file ''
                Path to the peer certificate revocation list file.

            Experimental:
              --experimental-enable-lease-checkpoint 'true'
                The leader records the leases' remaining TTLs in the log, so that a restart or a new leader
                does not give them their full TTL again ('false' disables it; etcd's default is 'false').
              --experimental-lease-checkpoint-interval '5m0s'
                Interval between a lease's checkpoints.
              --experimental-watch-progress-notify-interval '10m0s'
                Duration of periodic watch progress notifications.

            Logging:
              --logger 'zap'
                Structured JSON logging; 'zap' is the only logger.
              --log-level 'info'
                One of debug, info, warn, error, panic, fatal.
              --log-outputs 'default'
                'stderr', 'stdout', or 'default' (stderr); comma-separated for several.

            Other etcd flags (client CRLs, v2, auth tokens, experimental-*, ...) are
            recognised, but this version of cairn refuses to start when one is set to anything but etcd's default.
            """;

    private HelpText() {
    }
}
