package health.datasafe.devstack;

import health.datasafe.devstack.datadir.DataDirectoryInUse;
import health.datasafe.devstack.datadir.NotADevstackDirectory;
import health.datasafe.devstack.keys.KeptLedgerDiffers;
import health.datasafe.devstack.keys.LedgerKeys;

import java.io.PrintStream;
import java.util.Set;

/**
 * The embedded default, without Docker: a real Kafka broker (KRaft) and a real PostgreSQL, both keeping their data
 * in one directory, the development token issuer, and the six services as child JVMs (the ledger as several nodes:
 * {@code --ledger-nodes}).
 * <p>
 * As a program ({@code java -jar devstack/target/dsh-devstack-launcher.jar}, or {@code ./dsh-devstack}) it starts everything,
 * prints where things are, and stops everything on Ctrl-C. As a library, {@link #start(DevstackOptions)} hands back
 * a {@link RunningDevstack} to close.
 */
public final class Devstack {

    private static final Set<Class<? extends RuntimeException>> EXPLAINED = Set.of(ServiceDidNotStart.class,
            ServiceJarsMissing.class, PortInUse.class, RepositoryNotFound.class, DataDirectoryInUse.class,
            NotADevstackDirectory.class, InvalidOption.class, DevstackStopped.class, KeptLedgerDiffers.class);

    private Devstack() {
    }

    /**
     * Starts the whole stack and returns once every service answers {@code GET /actuator/health} with UP. On any
     * failure what was started is stopped again and the exception says what went wrong (for a service, with the
     * tail of its log).
     */
    public static RunningDevstack start(DevstackOptions options) {
        return RunningDevstack.boot(options);
    }

    public static void main(String[] args) {
        // Kafka's broker brings Log4j 2 along; it must not race the devstack's own shutdown hook
        System.setProperty("log4j2.shutdownHookEnabled", System.getProperty("log4j2.shutdownHookEnabled", "false"));
        if (DevstackOptions.wantsHelp(args)) {
            System.out.print(DevstackOptions.USAGE);
            return;
        }
        DevstackOptions options;
        try {
            options = DevstackOptions.parse(args);
        } catch (InvalidOption e) {
            System.err.println("dsh-devstack: " + e.getMessage());
            System.err.print(DevstackOptions.USAGE);
            System.exit(2);
            return;
        }
        RunningDevstack stack;
        try {
            stack = start(options);
        } catch (DevstackStopped e) {
            // Ctrl-C while starting: the shutdown hook is stopping what had started
            return;
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println("dsh-devstack: " + e.getMessage());
            for (Throwable also : e.getSuppressed()) {
                System.err.println("dsh-devstack: " + also.getMessage());
            }
            if (!EXPLAINED.contains(e.getClass())) {
                e.printStackTrace(System.err);
            }
            System.exit(1);
            return;
        }
        printWelcome(stack, System.out);
        stack.awaitClosed();
    }

    static void printWelcome(RunningDevstack stack, PrintStream out) {
        String gateway = stack.gatewayUrl();
        out.println();
        out.println("DataSafeHealth is running.");
        out.println();
        out.println("  gateway     " + gateway);
        out.println("  a token     curl -s -X POST " + gateway + "/dev/token -d subject=alice -d role=PATIENT");
        out.println("  services    " + String.join("  ", stack.instances().stream()
                .map(instance -> instance.name().replace("-service", "") + ":" + stack.port(instance)).toList()));
        out.println("  ledger      " + ledgerSummary(stack));
        out.println("  logs        " + stack.dataDir().resolve("logs") + "/<service>.log (ledger node k: ledger-service-k.log)");
        out.println("  kafka       " + stack.kafkaBootstrapServers());
        out.println("  postgres    " + stack.postgres().jdbcUrl() + "  (user " + stack.postgres().username() + ", password "
                + stack.postgres().password() + ", one schema per service and ledger node)");
        out.println("  for tools   " + stack.descriptionFile());
        out.println();
        out.println("Ctrl-C stops everything; " + stack.dataDir() + " keeps the data for the next start (--fresh wipes it).");
        out.flush();
    }

    /** Its nodes, each with its port and schema, and its genesis; the gateway and recovery ask node 1. */
    static String ledgerSummary(RunningDevstack stack) {
        LedgerKeys ledger = stack.keys().ledger();
        String nodes = String.join(", ", stack.instances().stream().filter(instance -> instance.service() == Service.LEDGER)
                .map(instance -> ledger.node(instance.node()).name() + " :" + stack.port(instance) + " schema "
                        + instance.schema().orElseThrow()).toList());
        if (!ledger.hasGenesis()) {
            return "1 node without a genesis document (this data directory predates them; --fresh for several): " + nodes;
        }
        int count = ledger.nodes().size();
        return count + (count == 1 ? " node" : " nodes") + " (" + nodes + "), genesis " + ledger.genesis().hash().substring(0, 16)
                + " in " + ledger.genesisFile() + "; the gateway reads node 1";
    }
}
