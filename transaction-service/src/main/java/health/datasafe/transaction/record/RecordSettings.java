package health.datasafe.transaction.record;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Settings under {@code dsh.records}.
 *
 * @param mediaTypes the media types a record's content may have, each a bare {@code type/subtype} (no wildcard, no
 *                   parameter; compared in lower case). A record of any other type is refused with 415.
 */
@ConfigurationProperties("dsh.records")
public record RecordSettings(@DefaultValue({"application/fhir+json", "application/fhir+xml", "application/json",
        "application/pdf", "application/dicom", "image/png", "image/jpeg", "image/gif", "image/webp", "image/tiff",
        "text/plain"}) List<String> mediaTypes) {

    /** RFC 6838's restricted-name, twice: a bare media type. */
    private static final Pattern BARE = Pattern.compile(
            "[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");

    public RecordSettings {
        if (mediaTypes == null || mediaTypes.isEmpty()) {
            throw new IllegalArgumentException("dsh.records.media-types must name at least one media type");
        }
        mediaTypes = mediaTypes.stream().map(type -> type.trim().toLowerCase(Locale.ROOT)).distinct().toList();
        for (String type : mediaTypes) {
            if (!BARE.matcher(type).matches()) {
                throw new IllegalArgumentException("dsh.records.media-types: \"" + type
                        + "\" is not a bare type/subtype (no wildcard, no parameters)");
            }
        }
    }
}
