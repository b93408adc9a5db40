package health.datasafe.kit.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Settings under {@code dsh.security}: which bearer tokens a service (and the gateway) accepts. All three of
 * {@code jwk-set-uri}, {@code issuer} and {@code audience} must be set; a service does not start without them.
 *
 * @param jwkSetUri  where the identity provider's public keys are (its JWKS)
 * @param issuer     the {@code iss} every token must carry, exactly
 * @param audience   a value the token's {@code aud} must contain
 * @param algorithms the JWS algorithms accepted; a token signed otherwise is refused (RS256 unless configured)
 * @param clockSkew  how far {@code exp} and {@code nbf} may be off this machine's clock
 * @param rememberedTokens how many accepted tokens are remembered until they expire, so the same token is not checked
 *                   again on every request ({@link RememberedTokens})
 */
@ConfigurationProperties("dsh.security")
public record SecuritySettings(URI jwkSetUri, String issuer, String audience,
                               @DefaultValue("RS256") List<String> algorithms,
                               @DefaultValue("30s") Duration clockSkew,
                               @DefaultValue("4096") int rememberedTokens) {

    public SecuritySettings {
        require(jwkSetUri == null ? null : jwkSetUri.toString(), "dsh.security.jwk-set-uri",
                "the identity provider's JWKS URL");
        require(issuer, "dsh.security.issuer", "the iss every accepted token carries");
        require(audience, "dsh.security.audience", "the audience every accepted token names");
        algorithms = algorithms == null || algorithms.isEmpty() ? List.of("RS256") : List.copyOf(algorithms);
    }

    private static void require(String value, String name, String meaning) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set: " + meaning);
        }
    }
}
