package health.datasafe.devstack;

import health.datasafe.integrity.Genesis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One JVM the devstack runs and supervises: a service and, for the ledger, which of its nodes (1 to
 * {@value Genesis#MAX_NODES}; every other service runs once, as node 1).
 *
 * @param service what it runs
 * @param node    which node of the service: 1, or up to {@value Genesis#MAX_NODES} for the ledger
 */
public record ServiceInstance(Service service, int node) {

    /**
     * A ledger node beyond the first serves no client (the gateway and the recovery-service ask node 1), so it holds
     * no exports, proofs or re-verifications: the blocks it builds fit in the validator's heap.
     */
    static final int EXTRA_LEDGER_NODE_HEAP_MIB = 384;

    public ServiceInstance {
        if (service == null) {
            throw new IllegalArgumentException("no service");
        }
        if (node < 1 || node > (service == Service.LEDGER ? Genesis.MAX_NODES : 1)) {
            throw new IllegalArgumentException(service.module() + " has no node " + node);
        }
    }

    /** The service's only JVM, or for the ledger its node 1. */
    public static ServiceInstance of(Service service) {
        return new ServiceInstance(service, 1);
    }

    /** Node {@code node} of the ledger (1 to {@value Genesis#MAX_NODES}). */
    public static ServiceInstance ledger(int node) {
        return new ServiceInstance(Service.LEDGER, node);
    }

    /** Every JVM of a devstack with this many ledger nodes, in {@link Service} order, the ledger's nodes in theirs. */
    static List<ServiceInstance> all(int ledgerNodes) {
        List<ServiceInstance> all = new ArrayList<>();
        for (Service service : Service.values()) {
            int nodes = service == Service.LEDGER ? ledgerNodes : 1;
            for (int node = 1; node <= nodes; node++) {
                all.add(new ServiceInstance(service, node));
            }
        }
        return List.copyOf(all);
    }

    /** Its name in logs, log files and {@code devstack.json}: the module, with {@code -<node>} from node 2 on. */
    public String name() {
        return node == 1 ? service.module() : service.module() + "-" + node;
    }

    /** Its PostgreSQL schema: the service's, with {@code _<node>} from node 2 on (node 1 keeps {@code ledger}). */
    public Optional<String> schema() {
        return service.schema().map(schema -> node == 1 ? schema : schema + "_" + node);
    }

    /** Its JVM's {@code -Xmx} in MiB: the service's, or {@value #EXTRA_LEDGER_NODE_HEAP_MIB} for ledger node 2 on. */
    int maxHeapMiB() {
        return node == 1 ? service.maxHeapMiB() : Math.min(service.maxHeapMiB(), EXTRA_LEDGER_NODE_HEAP_MIB);
    }

    /** The jar it runs: every node of a service runs the service's. */
    Path jar(Path repository) {
        return service.jar(repository);
    }

    @Override
    public String toString() {
        return name();
    }
}
