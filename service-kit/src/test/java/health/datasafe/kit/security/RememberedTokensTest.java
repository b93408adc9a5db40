package health.datasafe.kit.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Accepted tokens are checked once and remembered until they expire; nothing else is ever remembered. */
class RememberedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    private final RSAKey key = rsaKey();
    private final MovableClock clock = new MovableClock(NOW);
    private final AtomicInteger checks = new AtomicInteger();
    private final JwtDecoder checking = checkingDecoder();

    private static RSAKey rsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("test").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JwtDecoder checkingDecoder() {
        try {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
            var timestamps = new JwtTimestampValidator(Duration.ZERO);
            timestamps.setClock(clock);
            decoder.setJwtValidator(timestamps);
            return token -> {
                checks.incrementAndGet();
                return decoder.decode(token);
            };
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String token(String subject, Instant expiresAt) {
        try {
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test").build(),
                    new JWTClaimsSet.Builder().subject(subject).issueTime(Date.from(NOW))
                            .expirationTime(Date.from(expiresAt)).build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theSameTokenIsCheckedOnceUntilItExpires() {
        JwtDecoder decoder = RememberedTokens.remembering(checking, 16, clock);
        String token = token("alice", NOW.plusSeconds(60));

        Jwt first = decoder.decode(token);
        Jwt again = decoder.decode(token);

        assertThat(again).isSameAs(first);
        assertThat(checks).hasValue(1);
    }

    @Test
    void aRememberedTokenIsCheckedInFullAgainOnceExpiredAndRefused() {
        JwtDecoder decoder = RememberedTokens.remembering(checking, 16, clock);
        String token = token("alice", NOW.plusSeconds(60));
        decoder.decode(token);

        clock.now = NOW.plusSeconds(61);

        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(BadJwtException.class).hasMessageContaining("expired");
        assertThat(checks).hasValue(2);
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        JwtDecoder decoder = RememberedTokens.remembering(checking, 16, clock);
        String token = token("alice", NOW.plusSeconds(60));
        String tampered = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);

        assertThatThrownBy(() -> decoder.decode(tampered)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode(tampered)).isInstanceOf(BadJwtException.class);
        assertThat(checks).hasValue(2);
    }

    @Test
    void aFullMemoryDropsExpiredTokensFirstAndNeverHoldsMoreThanItsCapacity() {
        JwtDecoder decoder = RememberedTokens.remembering(checking, 2, clock);
        String shortLived = token("a", NOW.plusSeconds(10));
        String longLived = token("b", NOW.plusSeconds(600));
        decoder.decode(shortLived);
        decoder.decode(longLived);
        clock.now = NOW.plusSeconds(20);

        decoder.decode(token("c", NOW.plusSeconds(600)));
        decoder.decode(longLived);

        assertThat(checks).as("b stayed remembered while the expired a made room").hasValue(3);
        decoder.decode(token("d", NOW.plusSeconds(600)));
        decoder.decode(token("e", NOW.plusSeconds(600)));
        assertThat(checks).hasValue(5);
    }

    @Test
    void theReactiveDecoderRemembersAcceptedTokensToo() {
        var reactiveChecks = new AtomicInteger();
        ReactiveJwtDecoder reactive = token -> Mono.fromCallable(() -> {
            reactiveChecks.incrementAndGet();
            return checking.decode(token);
        });
        ReactiveJwtDecoder decoder = RememberedTokens.remembering(reactive, 16, clock);
        String token = token("alice", NOW.plusSeconds(60));

        Jwt first = decoder.decode(token).block();
        Jwt again = decoder.decode(token).block();

        assertThat(again).isSameAs(first);
        assertThat(reactiveChecks).hasValue(1);
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
