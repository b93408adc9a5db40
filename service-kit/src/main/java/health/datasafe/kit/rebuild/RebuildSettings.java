package health.datasafe.kit.rebuild;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.regex.Pattern;

/**
 * Settings under {@code dsh.rebuild} of a service that rebuilds by replay.
 *
 * @param segment where its rebuild endpoints live: {@code /api/<segment>/rebuilds} (e.g. {@code ledger}); one path
 *                segment of lowercase letters, digits and dashes
 */
@ConfigurationProperties("dsh.rebuild")
public record RebuildSettings(String segment) {

    private static final Pattern SEGMENT = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    public RebuildSettings {
        if (segment == null || !SEGMENT.matcher(segment).matches()) {
            throw new IllegalArgumentException("dsh.rebuild.segment must be one lowercase path segment (e.g. ledger), got "
                    + segment);
        }
    }

    /** {@code /api/<segment>/rebuilds}. */
    public String path() {
        return "/api/" + segment + "/rebuilds";
    }
}
