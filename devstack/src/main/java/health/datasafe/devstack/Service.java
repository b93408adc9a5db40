package health.datasafe.devstack;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The six services the devstack runs, each from its module's Spring Boot jar, each with its own schema; the ledger
 * may run as several nodes ({@link ServiceInstance}).
 */
public enum Service {
    TRANSACTION("transaction-service", "tx", 512),
    VALIDATOR("validator-service", "validator", 384),
    LEDGER("ledger-service", "ledger", 512),
    RECOVERY("recovery-service", "recovery", 256),
    REPORT("report-service", "report", 256),
    GATEWAY("gateway-service", null, 384);

    private final String module;
    private final String schema;
    private final int maxHeapMiB;

    Service(String module, String schema, int maxHeapMiB) {
        this.module = module;
        this.schema = schema;
        this.maxHeapMiB = maxHeapMiB;
    }

    /**
     * Its JVM's {@code -Xmx} in MiB, never above 512: what it holds in flight (bodies, waiting requests, consumer
     * batches, blocks) with room to spare; docs/operations.md says why each.
     */
    public int maxHeapMiB() {
        return maxHeapMiB;
    }

    /** The Maven module, also the jar's name and the log's name. */
    public String module() {
        return module;
    }

    /** The PostgreSQL schema it owns; the gateway keeps no data. */
    public Optional<String> schema() {
        return Optional.ofNullable(schema);
    }

    /** {@code <repository>/<module>/target/<module>.jar}, as the module's spring-boot-maven-plugin builds it. */
    public Path jar(Path repository) {
        return repository.resolve(module).resolve("target").resolve(module + ".jar");
    }

    /** The service named by its module ({@code ledger-service}) or its short name ({@code ledger}). */
    public static Service named(String name) {
        for (Service service : values()) {
            if (service.module.equals(name) || service.name().toLowerCase(Locale.ROOT).equals(name)) {
                return service;
            }
        }
        throw new IllegalArgumentException("no service named " + name);
    }
}
