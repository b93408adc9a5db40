package health.datasafe.kit.security;

import health.datasafe.contracts.Role;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one rule for bearer tokens, servlet and reactive alike: signed with one of the accepted algorithms by a key of
 * the configured JWKS, {@code iss} exactly the configured issuer, {@code aud} naming the configured audience,
 * {@code exp} present and not past, {@code sub} an actor id, and {@code role} exactly one known {@link Role} (a
 * string, not a list, not two names). Anything else is refused (401). An accepted token becomes a
 * {@link JwtAuthenticationToken} named by {@code sub} with the one authority {@code ROLE_<role>}. Accepted tokens are
 * remembered until they expire ({@link RememberedTokens}).
 */
public final class CallerTokens {

    /** The token claim naming the caller's role. */
    public static final String ROLE_CLAIM = "role";
    /** Actor ids, as everywhere in the system. */
    static final Pattern ACTOR_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private CallerTokens() {
    }

    public static JwtDecoder decoder(SecuritySettings settings) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri().toString())
                .jwsAlgorithms(accepted -> accepted.addAll(algorithms(settings)))
                .build();
        decoder.setJwtValidator(validator(settings));
        return RememberedTokens.remembering(decoder, settings.rememberedTokens(), Clock.systemUTC());
    }

    public static ReactiveJwtDecoder reactiveDecoder(SecuritySettings settings) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(settings.jwkSetUri().toString())
                .jwsAlgorithms(accepted -> accepted.addAll(algorithms(settings)))
                .build();
        decoder.setJwtValidator(validator(settings));
        return RememberedTokens.remembering(decoder, settings.rememberedTokens(), Clock.systemUTC());
    }

    static OAuth2TokenValidator<Jwt> validator(SecuritySettings settings) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtTimestampValidator(settings.clockSkew()),
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, exp -> exp != null),
                new JwtIssuerValidator(settings.issuer()),
                new JwtClaimValidator<Object>(JwtClaimNames.AUD,
                        aud -> aud instanceof Collection<?> audiences && audiences.contains(settings.audience())),
                new JwtClaimValidator<Object>(JwtClaimNames.SUB,
                        sub -> sub instanceof String subject && ACTOR_ID.matcher(subject).matches()),
                new JwtClaimValidator<Object>(ROLE_CLAIM, role -> role instanceof String name && known(name))));
    }

    /** The authentication of an accepted token: its subject, and its one role as {@code ROLE_<role>}. */
    public static JwtAuthenticationToken authentication(Jwt jwt) {
        Role role = Role.valueOf(jwt.getClaimAsString(ROLE_CLAIM));
        return new JwtAuthenticationToken(jwt, Set.of(new SimpleGrantedAuthority(Caller.ROLE_PREFIX + role.name())),
                jwt.getSubject());
    }

    private static boolean known(String role) {
        for (Role candidate : Role.values()) {
            if (candidate.name().equals(role)) {
                return true;
            }
        }
        return false;
    }

    private static Set<SignatureAlgorithm> algorithms(SecuritySettings settings) {
        var accepted = new LinkedHashSet<SignatureAlgorithm>();
        for (String name : settings.algorithms()) {
            SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
            if (algorithm == null) {
                throw new IllegalArgumentException("dsh.security.algorithms: " + name + " is not a JWS signature"
                        + " algorithm (RS256, RS384, RS512, ES256, ES384, ES512, PS256, PS384, PS512)");
            }
            accepted.add(algorithm);
        }
        return accepted;
    }
}
