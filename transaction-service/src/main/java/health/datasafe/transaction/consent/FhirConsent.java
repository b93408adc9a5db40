package health.datasafe.transaction.consent;

import health.datasafe.contracts.Grantee;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A consent as a FHIR R4 {@code Consent} resource (scope patient-privacy, its provision tree as
 * {@code Consent.provision}), and a patient's consents as a {@code searchset Bundle}: what a hospital's FHIR server,
 * or the patient's own app, reads. The ledger's ids ride along as identifiers, so each resource can be traced back to
 * the transaction that granted it.
 */
final class FhirConsent {

    static final String MEDIA_TYPE = "application/fhir+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    private static final String CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction";
    private static final Map<String, String> ACTIONS = Map.of("read", "access", "write", "collect", "manage", "use");

    private FhirConsent() {
    }

    /** The patient's consents as a searchset Bundle of Consent resources. */
    static Map<String, Object> bundle(List<ConsentView> consents) {
        var bundle = new LinkedHashMap<String, Object>();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "searchset");
        bundle.put("total", consents.size());
        bundle.put("entry", consents.stream()
                .map(consent -> Map.of("fullUrl", "urn:dsh:consent:" + consent.consentId(), "resource", of(consent)))
                .toList());
        return bundle;
    }

    static Map<String, Object> of(ConsentView consent) {
        var resource = new LinkedHashMap<String, Object>();
        resource.put("resourceType", "Consent");
        resource.put("id", consent.consentId());
        resource.put("identifier", List.of(
                Map.of("system", "urn:dsh:consent", "value", consent.consentId()),
                Map.of("system", "urn:dsh:transaction", "value", consent.granted().transactionId())));
        resource.put("status", consent.status().current() ? "active" : "inactive");
        resource.put("scope", concept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"));
        resource.put("category", List.of(concept("http://loinc.org", "59284-0")));
        resource.put("patient", Map.of("reference", "Patient/" + consent.patientId()));
        resource.put("dateTime", consent.grantedAt().toString());
        resource.put("performer", List.of(Map.of("reference", (consent.grantedBy().equals(consent.patientId())
                ? "Patient/" : "RelatedPerson/") + consent.grantedBy())));
        boolean deny = "deny".equals(consent.terms().get(Metadata.DECISION));
        resource.put("policyRule", concept(ACT_CODE, deny ? "OPTOUT" : "OPTIN"));
        resource.put("provision", provision(consent.terms(), deny ? "deny" : "permit"));
        return resource;
    }

    /** A provision from its terms: the consent's metadata at the root, an object of the exceptions JSON below it. */
    private static Map<String, Object> provision(Map<String, String> terms, String type) {
        var provision = new LinkedHashMap<String, Object>();
        provision.put("type", terms.getOrDefault(Metadata.DECISION, type));
        var period = new LinkedHashMap<String, Object>();
        if (terms.get(Metadata.VALID_FROM) != null) {
            period.put("start", terms.get(Metadata.VALID_FROM));
        }
        if (terms.get(Metadata.VALID_UNTIL) != null) {
            period.put("end", terms.get(Metadata.VALID_UNTIL));
        }
        if (!period.isEmpty()) {
            provision.put("period", period);
        }
        putList(provision, "actor", terms.get(Metadata.GRANTEE), FhirConsent::actor);
        putList(provision, "action", terms.get(Metadata.ACTION),
                action -> concept(CONSENT_ACTION, ACTIONS.getOrDefault(action, action), action));
        putList(provision, "purpose", terms.get(Metadata.PURPOSE),
                purpose -> Map.of("system", ACT_REASON, "code", Purpose.valueOf(purpose).code()));
        putList(provision, "class", terms.get(Metadata.RESOURCE_TYPE),
                resourceType -> Map.of("system", "http://hl7.org/fhir/resource-types", "code", resourceType));
        putList(provision, "securityLabel", terms.get(Metadata.SECURITY_LABELS),
                label -> Map.of("system", ACT_CODE, "code", label));
        putList(provision, "data", terms.get(Metadata.RECORD_IDS), record -> Map.of("meaning", "instance",
                "reference", Map.of("identifier", Map.of("system", "urn:dsh:record", "value", record))));
        String exceptions = terms.get(Metadata.EXCEPTIONS);
        if (exceptions != null) {
            String opposite = "permit".equals(provision.get("type")) ? "deny" : "permit";
            var nested = new ArrayList<Map<String, Object>>();
            for (JsonNode exception : parsed(exceptions)) {
                var childTerms = new LinkedHashMap<String, String>();
                exception.properties().forEach(entry -> childTerms.put(entry.getKey(), entry.getValue().isString()
                        ? entry.getValue().asString() : entry.getValue().toString()));
                nested.add(provision(childTerms, opposite));
            }
            provision.put("provision", nested);
        }
        return provision;
    }

    private static JsonNode parsed(String exceptions) {
        try {
            return JSON.readTree(exceptions);
        } catch (JacksonException e) {
            // committed, so the validator read it as JSON; this cannot differ
            throw new IllegalStateException("committed exceptions are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Object> actor(String grantee) {
        Map<String, Object> reference;
        if (grantee.startsWith(Grantee.ROLE)) {
            reference = Map.of("identifier", Map.of("system", "urn:dsh:role",
                    "value", grantee.substring(Grantee.ROLE.length())));
        } else if (grantee.startsWith(Grantee.ORG)) {
            reference = Map.of("reference", "Organization/" + grantee.substring(Grantee.ORG.length()));
        } else {
            reference = Map.of("identifier", Map.of("system", "urn:dsh:actor", "value", grantee));
        }
        return Map.of("role", concept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP"),
                "reference", reference);
    }

    private static void putList(Map<String, Object> provision, String key, String list,
                                Function<String, Object> element) {
        if (list != null) {
            provision.put(key, Arrays.stream(list.split(",", -1)).map(element).toList());
        }
    }

    private static Map<String, Object> concept(String system, String code) {
        return Map.of("coding", List.of(Map.of("system", system, "code", code)));
    }

    private static Map<String, Object> concept(String system, String code, String text) {
        return Map.of("coding", List.of(Map.of("system", system, "code", code)), "text", text);
    }
}
