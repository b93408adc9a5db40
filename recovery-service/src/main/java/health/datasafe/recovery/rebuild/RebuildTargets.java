package health.datasafe.recovery.rebuild;

import health.datasafe.recovery.RecoverySettings;
import org.springframework.stereotype.Component;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The services that can be asked to rebuild, and where: {@code dsh.recovery.services.<name>} over the defaults. A
 * setting for a name not listed, or a path segment that is not one, stops the service at start.
 */
@Component
class RebuildTargets {

    /**
     * Every service name a rebuild may be asked for, with its usual path segment. The recovery-service's own is not
     * {@code recovery}: that would be this very endpoint, asking itself again and again.
     */
    static final Map<String, String> SERVICES = defaults();

    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*");

    private final Map<String, RebuildTarget> targets = new LinkedHashMap<>();

    RebuildTargets(RebuildSettings settings, RecoverySettings recovery) {
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
    }

    private static Map<String, String> defaults() {
        var services = new LinkedHashMap<String, String>();
        services.put("ledger-service", "ledger");
        services.put("validator-service", "validator");
        services.put("transaction-service", "transactions");
        services.put("report-service", "reports");
        services.put("recovery-service", "recovery/witness");
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
        return Optional.ofNullable(targets.get(service));
    }
}
