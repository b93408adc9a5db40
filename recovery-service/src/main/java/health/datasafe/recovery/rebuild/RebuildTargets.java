package health.datasafe.recovery.rebuild;

import health.datasafe.recovery.RecoverySettings;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The services that can be asked to rebuild, and where: {@code dsh.recovery.services.<name>} over the defaults. A
 * setting for a name not listed, or a path segment that is not one, stops the service at start. The ledger-service's
 * URL defaults to {@code dsh.recovery.ledger-url}; the recovery-service's own to this very service, at
 * {@code http://127.0.0.1:<its port>} (the port it listens on, once it does).
 */
@Component
class RebuildTargets {

    /**
     * Every service name a rebuild may be asked for, with its usual path segment. The recovery-service's own is not
     * {@code recovery}: that would be this very endpoint, asking itself again and again; it is the kit's
     * {@code dsh.rebuild.segment}, {@code recovery-witness}.
     */
    static final Map<String, String> SERVICES = defaults();

    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*");

    private static final String ITSELF = "recovery-service";

    private final Map<String, RebuildTarget> targets = new LinkedHashMap<>();
    private final Environment environment;
    private final String ownSegment;

    RebuildTargets(RebuildSettings settings, RecoverySettings recovery, Environment environment) {
        this.environment = environment;
        for (String name : settings.services().keySet()) {
            if (!SERVICES.containsKey(name)) {
                throw new IllegalArgumentException("dsh.recovery.services." + name + ": no such service; rebuildable: "
                        + SERVICES.keySet());
            }
        }
        SERVICES.forEach((name, usualSegment) -> {
            var configured = settings.services().get(name);
            var url = configured != null && configured.url() != null ? configured.url()
                    : name.equals("ledger-service") ? recovery.ledgerUrl() : null;
            String segment = configured != null && configured.segment() != null && !configured.segment().isBlank()
                    ? configured.segment().strip() : usualSegment;
            if (!SEGMENT.matcher(segment).matches() || segment.equals("recovery")) {
                throw new IllegalArgumentException("dsh.recovery.services." + name + ".segment: \"" + segment
                        + "\" is not a path segment a rebuild can be asked at");
            }
            if (url != null) {
                targets.put(name, new RebuildTarget(name, url, segment));
            }
        });
        var own = settings.services().get(ITSELF);
        this.ownSegment = own != null && own.segment() != null && !own.segment().isBlank() ? own.segment().strip()
                : SERVICES.get(ITSELF);
    }

    private static Map<String, String> defaults() {
        var services = new LinkedHashMap<String, String>();
        services.put("ledger-service", "ledger");
        services.put("validator-service", "validator");
        services.put("transaction-service", "transactions");
        services.put("report-service", "reports");
        services.put(ITSELF, "recovery-witness");
        return Collections.unmodifiableMap(services);
    }

    static Set<String> names() {
        return SERVICES.keySet();
    }

    /** Where the service rebuilds, or empty when it has no URL; {@link UnknownService} for a name not listed. */
    Optional<RebuildTarget> of(String service) {
        if (service == null || !SERVICES.containsKey(service)) {
            throw new UnknownService(service, names());
        }
        RebuildTarget target = targets.get(service);
        if (target == null && service.equals(ITSELF)) {
            return Optional.of(new RebuildTarget(ITSELF, itself(), ownSegment));
        }
        return Optional.ofNullable(target);
    }

    /** This very service: where it listens ({@code local.server.port}, once it does, else {@code server.port}). */
    private URI itself() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8084"));
        return URI.create("http://127.0.0.1:" + port);
    }
}
