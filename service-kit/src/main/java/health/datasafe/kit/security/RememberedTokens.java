package health.datasafe.kit.security;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens already accepted, remembered until they expire, so a client sending the same token again does not
 * cost another signature check (an RS256 verification is most of the CPU of a small request, and a request crosses the
 * gateway and a service: two of them). A token is remembered only after the full check ({@link CallerTokens}) passed,
 * keyed by its exact text, so only the very same signed token is ever answered from memory; once its {@code exp} has
 * passed on this machine's clock it is checked in full again (and refused, unless within the allowed clock skew).
 *
 * <p>What this trades: a signing key withdrawn from the JWKS no longer invalidates tokens already seen; they stay
 * accepted until they expire, as they would at any service that cached the JWKS for that long. At most
 * {@code capacity} tokens are held: when full, the expired ones are dropped, and if none had expired, all of them.
 */
public final class RememberedTokens {

    private final int capacity;
    private final Clock clock;
    private final ConcurrentHashMap<String, Jwt> accepted = new ConcurrentHashMap<>();

    RememberedTokens(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    /** A decoder that answers a remembered, unexpired token from memory and checks any other with {@code decoder}. */
    public static JwtDecoder remembering(JwtDecoder decoder, int capacity, Clock clock) {
        var remembered = new RememberedTokens(capacity, clock);
        return token -> {
            Jwt known = remembered.lookUp(token);
            return known != null ? known : remembered.remember(token, decoder.decode(token));
        };
    }

    /** The same for the reactive stack (the gateway). */
    public static ReactiveJwtDecoder remembering(ReactiveJwtDecoder decoder, int capacity, Clock clock) {
        var remembered = new RememberedTokens(capacity, clock);
        return token -> {
            Jwt known = remembered.lookUp(token);
            return known != null ? Mono.just(known) : decoder.decode(token).map(jwt -> remembered.remember(token, jwt));
        };
    }

    private Jwt lookUp(String token) {
        Jwt known = accepted.get(token);
        if (known != null && !clock.instant().isBefore(known.getExpiresAt())) {
            accepted.remove(token, known);
            return null;
        }
        return known;
    }

    private Jwt remember(String token, Jwt jwt) {
        if (jwt.getExpiresAt() == null) {
            return jwt;
        }
        if (accepted.size() >= capacity) {
            Instant now = clock.instant();
            accepted.values().removeIf(held -> !now.isBefore(held.getExpiresAt()));
            if (accepted.size() >= capacity) {
                accepted.clear();
            }
        }
        accepted.put(token, jwt);
        return jwt;
    }
}
