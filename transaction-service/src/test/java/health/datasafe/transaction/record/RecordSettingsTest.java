package health.datasafe.transaction.record;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code dsh.records.media-types}, as a configured list is read: bare types only, compared in lower case. */
class RecordSettingsTest {

    @Test
    void configuredTypesAreTrimmedLowerCasedAndNamedOnce() {
        var settings = new RecordSettings(List.of(" Text/Plain", "application/fhir+json", "text/plain "));

        assertThat(settings.mediaTypes()).containsExactly("text/plain", "application/fhir+json");
    }

    @Test
    void aConfiguredTypeWithAWildcardOrParametersOrNoSubtypeStopsTheServiceFromStarting() {
        for (String type : List.of("text/*", "*/*", "text/plain; charset=utf-8", "text", "text/", "/plain", "text/pl ain")) {
            assertThatThrownBy(() -> new RecordSettings(List.of("application/pdf", type))).as(type)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a bare type/subtype");
        }
    }

    @Test
    void anEmptyListStopsTheServiceFromStarting() {
        assertThatThrownBy(() -> new RecordSettings(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dsh.records.media-types must name at least one media type");
    }
}
