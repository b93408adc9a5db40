package health.datasafe.recovery.rebuild;

import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bearer token each running rebuild is polled with, in memory only (see {@link Rebuilds} for why): an admin's,
 * the latest-expiring one offered. Gone when the rebuild ends, when its target refuses it, or when recovery restarts.
 */
@Component
class HeldTokens {

    private record Held(String token, Instant expiresAt) {
    }

    private final Map<String, Held> byRebuild = new ConcurrentHashMap<>();

    /** Holds the token for the rebuild unless one that lasts longer is held already. */
    void offer(String rebuildId, String token, Instant expiresAt) {
        Instant expiry = expiresAt == null ? Instant.MAX : expiresAt;
        byRebuild.merge(rebuildId, new Held(token, expiry),
                (held, offered) -> offered.expiresAt().isAfter(held.expiresAt()) ? offered : held);
    }

    Optional<String> of(String rebuildId) {
        return Optional.ofNullable(byRebuild.get(rebuildId)).map(Held::token);
    }

    boolean holds(String rebuildId) {
        return byRebuild.containsKey(rebuildId);
    }

    /** The target refused this token: it is dropped (a newer one offered meanwhile stays). */
    void refused(String rebuildId, String token) {
        byRebuild.computeIfPresent(rebuildId, (id, held) -> held.token().equals(token) ? null : held);
    }

    void forget(String rebuildId) {
        byRebuild.remove(rebuildId);
    }
}
