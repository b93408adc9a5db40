package health.datasafe.devstack;

import health.datasafe.devstack.keys.LedgerKeys;
import health.datasafe.integrity.Genesis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to start the devstack.
 *
 * @param dataDir        where Kafka, PostgreSQL, the keys and the logs live; {@code null} for {@code .dsh-data} in the
 *                       repository
 * @param repository     the repository root holding the service modules; {@code null} to search upward from the
 *                       working directory (then from this jar)
 * @param gatewayPort    the gateway's port; 0 for any free one
 * @param partitions     partitions of each topic the devstack creates (existing topics keep theirs)
 * @param ledgerNodes    how many ledger nodes run, 1 to {@value Genesis#MAX_NODES}; {@link LedgerKeys#AS_KEPT} for as
 *                       many as the data directory's ledger has ({@value LedgerKeys#DEFAULT_NODES} for a new one)
 * @param fresh          wipe the data directory first
 * @param startupTimeout how long the services together may take to become healthy
 * @param restarts       when a service that exits or stops being healthy is restarted
 * @param kafkaAuth      lock Kafka down: every service authenticates as its own SCRAM user and may use only the
 *                       topics and groups {@link health.datasafe.contracts.TopicAccess} gives it
 */
public record DevstackOptions(Path dataDir, Path repository, int gatewayPort, int partitions, int ledgerNodes,
                              boolean fresh, Duration startupTimeout, RestartPolicy restarts, boolean kafkaAuth) {

    public static final String DEFAULT_DATA_DIR = ".dsh-data";
    public static final int DEFAULT_GATEWAY_PORT = 8080;
    public static final int DEFAULT_PARTITIONS = 3;
    /** The ledger nodes of a new data directory's ledger when --ledger-nodes does not say. */
    public static final int DEFAULT_LEDGER_NODES = LedgerKeys.DEFAULT_NODES;
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(180);

    public static final String USAGE = """
            Usage: dsh-devstack [options]
            Starts DataSafeHealth on this machine without Docker: a Kafka broker (KRaft) and a PostgreSQL in this JVM's
            care, the development token issuer, and the six services as child JVMs. Ctrl-C stops everything; the data
            directory keeps topics, tables and keys for the next start.

              --data-dir <dir>          data directory (default: .dsh-data in the repository)
              --fresh                   wipe the data directory first
              --port <n>                gateway port (default 8080; 0 = any free port)
              --partitions <n>          partitions per topic when topics are created (default 3)
              --ledger-nodes <n>        ledger nodes, 1 to 7, each with its own key and schema, all building the same
                                        chain (default: 3 for a new data directory, else as many as its ledger has;
                                        another number than its ledger has needs --fresh)
              --kafka-auth              lock Kafka down as docker compose does: each service its own SCRAM user, ACLs
                                        so it writes only its own topics (the data directory's Kafka must have been
                                        made by this version: its admin credential is set when the storage is made)
              --repo <dir>              repository root holding the built service jars (default: found upward from here)
              --startup-timeout <secs>  how long the services may take to become healthy (default 180)
              --health-interval <secs>  once up, how often each service's liveness is probed (default 5)
              --failed-probes <n>       failed probes in a row after which a service is restarted (default 3);
                                        a service whose JVM exits is restarted too (back-off 1 s doubling to 60 s)
              --build                   (./dsh-devstack only) rebuild the jars first
              -h, --help                this text
            """;

    /** With one ledger node and the default {@link RestartPolicy}. */
    public DevstackOptions(Path dataDir, Path repository, int gatewayPort, int partitions, boolean fresh, Duration startupTimeout) {
        this(dataDir, repository, gatewayPort, partitions, 1, fresh, startupTimeout, RestartPolicy.DEFAULT, false);
    }

    public DevstackOptions {
        if (restarts == null) {
            throw new InvalidOption("restarts", "needs a restart policy");
        }
        if (gatewayPort < 0 || gatewayPort > 65535) {
            throw new InvalidOption("--port", "must be between 0 and 65535, not " + gatewayPort);
        }
        if (partitions < 1 || partitions > 1000) {
            throw new InvalidOption("--partitions", "must be between 1 and 1000, not " + partitions);
        }
        if (ledgerNodes != LedgerKeys.AS_KEPT && (ledgerNodes < 1 || ledgerNodes > Genesis.MAX_NODES)) {
            throw new InvalidOption("--ledger-nodes", "must be between 1 and " + Genesis.MAX_NODES + ", not " + ledgerNodes);
        }
        if (startupTimeout == null || startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new InvalidOption("--startup-timeout", "must be positive");
        }
    }

    /**
     * The defaults: {@code .dsh-data} in the repository, gateway on 8080, three partitions, the ledger nodes the data
     * directory has (three for a new one), data kept.
     */
    public static DevstackOptions defaults() {
        return new DevstackOptions(null, null, DEFAULT_GATEWAY_PORT, DEFAULT_PARTITIONS, LedgerKeys.AS_KEPT, false,
                DEFAULT_STARTUP_TIMEOUT, RestartPolicy.DEFAULT, false);
    }

    /**
     * For tests: the given data directory, the gateway on a free port, one ledger node ({@link #withLedgerNodes} for
     * more), the repository found from the working directory.
     */
    public static DevstackOptions forTests(Path dataDir) {
        return new DevstackOptions(dataDir, null, 0, DEFAULT_PARTITIONS, false, DEFAULT_STARTUP_TIMEOUT);
    }

    public DevstackOptions withFresh(boolean wipe) {
        return new DevstackOptions(dataDir, repository, gatewayPort, partitions, ledgerNodes, wipe, startupTimeout, restarts, kafkaAuth);
    }

    public DevstackOptions withGatewayPort(int port) {
        return new DevstackOptions(dataDir, repository, port, partitions, ledgerNodes, fresh, startupTimeout, restarts, kafkaAuth);
    }

    /** With {@code nodes} ledger nodes (1 to 7), or {@link LedgerKeys#AS_KEPT}. */
    public DevstackOptions withLedgerNodes(int nodes) {
        return new DevstackOptions(dataDir, repository, gatewayPort, partitions, nodes, fresh, startupTimeout, restarts, kafkaAuth);
    }

    /** With Kafka locked down (SASL/SCRAM per service, ACLs from {@link health.datasafe.contracts.TopicAccess}), or not. */
    public DevstackOptions withKafkaAuth(boolean locked) {
        return new DevstackOptions(dataDir, repository, gatewayPort, partitions, ledgerNodes, fresh, startupTimeout, restarts, locked);
    }

    public DevstackOptions withStartupTimeout(Duration timeout) {
        return new DevstackOptions(dataDir, repository, gatewayPort, partitions, ledgerNodes, fresh, timeout, restarts, kafkaAuth);
    }

    public DevstackOptions withRestarts(RestartPolicy policy) {
        return new DevstackOptions(dataDir, repository, gatewayPort, partitions, ledgerNodes, fresh, startupTimeout, policy, kafkaAuth);
    }

    /** Whether the arguments ask for the usage text. */
    public static boolean wantsHelp(String... args) {
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help")) {
                return true;
            }
        }
        return false;
    }

    /** Reads the command line; {@code --name value} and {@code --name=value} both work. */
    public static DevstackOptions parse(String... args) {
        DevstackOptions options = defaults();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--fresh" -> {
                    if (value != null) {
                        throw new InvalidOption(name, "takes no value");
                    }
                    options = options.withFresh(true);
                }
                case "--kafka-auth" -> {
                    if (value != null) {
                        throw new InvalidOption(name, "takes no value");
                    }
                    options = options.withKafkaAuth(true);
                }
                case "--data-dir", "--repo", "--port", "--partitions", "--ledger-nodes", "--startup-timeout", "--health-interval",
                     "--failed-probes" -> {
                    if (value == null) {
                        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                            throw new InvalidOption(name, "needs a value");
                        }
                        value = args[++i];
                    }
                    options = options.with(name, value);
                }
                default -> throw new InvalidOption(arg, "unknown option (see --help)");
            }
        }
        return options;
    }

    private DevstackOptions with(String name, String value) {
        return switch (name) {
            case "--data-dir" -> new DevstackOptions(directory(name, value), repository, gatewayPort, partitions, ledgerNodes, fresh,
                    startupTimeout, restarts, kafkaAuth);
            case "--repo" -> {
                Path repo = directory(name, value);
                if (!Files.isDirectory(repo)) {
                    throw new InvalidOption(name, repo + " is not a directory");
                }
                yield new DevstackOptions(dataDir, repo, gatewayPort, partitions, ledgerNodes, fresh, startupTimeout, restarts, kafkaAuth);
            }
            case "--port" -> withGatewayPort(number(name, value));
            case "--partitions" -> new DevstackOptions(dataDir, repository, gatewayPort, number(name, value), ledgerNodes, fresh,
                    startupTimeout, restarts, kafkaAuth);
            case "--ledger-nodes" -> {
                int nodes = number(name, value);
                if (nodes == LedgerKeys.AS_KEPT) {
                    throw new InvalidOption(name, "must be between 1 and " + Genesis.MAX_NODES + ", not 0");
                }
                yield withLedgerNodes(nodes);
            }
            case "--startup-timeout" -> withStartupTimeout(Duration.ofSeconds(number(name, value)));
            case "--health-interval" -> withRestarts(restarts.withProbeInterval(Duration.ofSeconds(number(name, value))));
            case "--failed-probes" -> withRestarts(restarts.withFailedProbes(number(name, value)));
            default -> throw new InvalidOption(name, "unknown option (see --help)");
        };
    }

    private static Path directory(String name, String value) {
        if (value.isBlank()) {
            throw new InvalidOption(name, "needs a directory");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidOption(name, "needs a whole number, not '" + value + "'");
        }
    }
}
