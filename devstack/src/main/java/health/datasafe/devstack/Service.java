package health.datasafe.devstack;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The six services the devstack runs, each from its module's Spring Boot jar, each with its own schema. */
public enum Service {
    TRANSACTION("transaction-service", "tx"),
    VALIDATOR("validator-service", "validator"),
    LEDGER("ledger-service", "ledger"),
    RECOVERY("recovery-service", "recovery"),
    REPORT("report-service", "report"),
    GATEWAY("gateway-service", null);

    private final String module;
    private final String schema;

    Service(String module, String schema) {
        this.module = module;
        this.schema = schema;
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
