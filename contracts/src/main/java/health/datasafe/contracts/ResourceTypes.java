package health.datasafe.contracts;

import java.util.Set;

/**
 * The FHIR R4 resource types a record may be declared as and a consent provision may name
 * ({@code Consent.provision.class}): the clinical, diagnostic, medication, document and financial resources a chart
 * holds.
 */
public final class ResourceTypes {

    /** Every accepted type, spelled as in FHIR R4. */
    public static final Set<String> R4 = Set.of(
            "AllergyIntolerance", "Binary", "Bundle", "CarePlan", "CareTeam", "Claim", "ClinicalImpression",
            "Communication", "Composition", "Condition", "Coverage", "Device", "DiagnosticReport", "DocumentReference",
            "Encounter", "ExplanationOfBenefit", "FamilyMemberHistory", "Goal", "ImagingStudy", "Immunization", "Media",
            "MedicationAdministration", "MedicationDispense", "MedicationRequest", "MedicationStatement",
            "NutritionOrder", "Observation", "Procedure", "QuestionnaireResponse", "RiskAssessment", "ServiceRequest",
            "Specimen");

    private ResourceTypes() {
    }
}
