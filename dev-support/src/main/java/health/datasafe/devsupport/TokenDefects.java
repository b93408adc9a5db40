package health.datasafe.devsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import health.datasafe.contracts.Role;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Bearer tokens that are wrong in exactly one way, for the tests in which the gateway and every service must answer
 * each with 401: otherwise each is the token {@link DevTokenIssuer#mint} would give the subject and role.
 */
public final class TokenDefects {

    /** One defective token; {@code name} says what is wrong with it. */
    public record Defect(String name, String token) {
        @Override
        public String toString() {
            return name;
        }
    }

    private TokenDefects() {
    }

    public static List<Defect> of(DevTokenIssuer issuer, String subject, Role role) {
        var defects = new ArrayList<Defect>();
        Duration ttl = Duration.ofHours(1);
        record Change(String name, UnaryOperator<JWTClaimsSet.Builder> change) {
        }
        var changes = List.of(
                new Change("without sub", claims -> claims.subject(null)),
                new Change("with a blank sub", claims -> claims.subject(" ")),
                new Change("without exp", claims -> claims.expirationTime(null)),
                new Change("expired", claims -> claims.expirationTime(new Date(System.currentTimeMillis() - 3_600_000))),
                new Change("from another issuer", claims -> claims.issuer("https://idp.example.org/realms/other")),
                new Change("without an issuer", claims -> claims.issuer(null)),
                new Change("for another audience", claims -> claims.audience("another-system")),
                new Change("without an audience", claims -> claims.audience((String) null)),
                new Change("with two roles", claims -> claims.claim("role", Role.PATIENT.name() + " " + Role.AUDITOR.name())),
                new Change("with roles as a list", claims -> claims.claim("role", List.of(role.name(), Role.AUDITOR.name()))),
                new Change("with an unknown role", claims -> claims.claim("role", "SUPERUSER")),
                new Change("without a role", claims -> claims.claim("role", null)));
        for (Change change : changes) {
            defects.add(new Defect(change.name(), issuer.sign(
                    change.change().apply(issuer.claims(subject, role.name(), ttl)).build(), JWSAlgorithm.RS256)));
        }
        JWTClaimsSet good = issuer.claims(subject, role.name(), ttl).build();
        defects.add(new Defect("signed with an algorithm not accepted (RS512)", issuer.sign(good, JWSAlgorithm.RS512)));
        defects.add(new Defect("signed by an unknown key", signedByStranger(good)));
        defects.add(new Defect("unsigned (alg none)", new PlainJWT(good).serialize()));
        defects.add(new Defect("not a JWT", "not-a-token"));
        return List.copyOf(defects);
    }

    private static String signedByStranger(JWTClaimsSet claims) {
        try {
            var stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(stranger.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(stranger));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
