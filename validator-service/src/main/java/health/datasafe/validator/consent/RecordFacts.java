package health.datasafe.validator.consent;

import health.datasafe.contracts.SecurityLabel;

import java.util.Set;

/**
 * What the rules know of a record: whose it is, what consent provisions may select it by, and whether it was erased.
 *
 * @param resourceType its FHIR resource type; null when its RECORD_ADDED declared none
 * @param erasedByTx   the RECORD_ERASED that erased it; null while it is not
 */
public record RecordFacts(String patientId, String resourceType, Set<SecurityLabel> securityLabels, String erasedByTx) {

    public RecordFacts {
        securityLabels = Set.copyOf(securityLabels);
    }

    public boolean erased() {
        return erasedByTx != null;
    }

    public RecordFacts erasedBy(String txId) {
        return new RecordFacts(patientId, resourceType, securityLabels, txId);
    }

    /** The labels as a RECORD_ADDED's {@code securityLabels} writes them: sorted, comma-separated; null for none. */
    public static String labelsText(Set<SecurityLabel> labels) {
        return labels.isEmpty() ? null : SecurityLabel.listOf(labels);
    }

    /** The labels a RECORD_ADDED's {@code securityLabels} names (comma-separated); none for null. */
    public static Set<SecurityLabel> labels(String securityLabels) {
        return securityLabels == null ? Set.of() : SecurityLabel.parse(securityLabels);
    }
}
