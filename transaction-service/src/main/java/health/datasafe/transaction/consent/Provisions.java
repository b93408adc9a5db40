package health.datasafe.transaction.consent;

import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.ResourceTypes;
import health.datasafe.contracts.SecurityLabel;
import health.datasafe.transaction.web.InvalidField;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The codes a consent request may use, checked before anything is submitted, so a typo gets a 400 naming its field. */
final class Provisions {

    private static final Set<String> ACTIONS = Set.of("read", "write", "manage");

    private Provisions() {
    }

    /** Longest list the ledger takes in one metadata value, and longest {@code exceptions} JSON. */
    static final int MAX_LIST_LENGTH = 256;
    static final int MAX_EXCEPTIONS_LENGTH = 2048;

    static void checkCodes(ConsentRequest body) {
        var lists = new LinkedHashMap<String, String>();
        lists.put("grantee", body.grantee());
        lists.put("purpose", body.purpose());
        lists.put("action", body.action());
        lists.put("resourceType", body.resourceType());
        lists.put("securityLabels", body.securityLabels());
        lists.put("recordIds", body.recordIds());
        lists.forEach((field, value) -> {
            if (value != null && value.length() > MAX_LIST_LENGTH) {
                throw new InvalidField(field, "is longer than " + MAX_LIST_LENGTH + " characters");
            }
        });
        if (body.exceptions() != null && body.exceptions().length() > MAX_EXCEPTIONS_LENGTH) {
            throw new InvalidField("exceptions", "is longer than " + MAX_EXCEPTIONS_LENGTH + " characters");
        }
        codes("action", body.action(), ACTIONS::contains, ACTIONS.toString());
        codes("purpose", body.purpose(), Provisions::isPurpose, "names or HL7 codes of " + List.of(Purpose.values()));
        codes("resourceType", body.resourceType(), ResourceTypes.R4::contains, "FHIR R4 resource types such as"
                + " Observation");
        codes("securityLabels", body.securityLabels(), Provisions::isLabel, List.of(SecurityLabel.values()).toString());
        if (body.decision() != null && !body.decision().equals("permit") && !body.decision().equals("deny")) {
            throw new InvalidField("decision", "must be permit or deny");
        }
    }

    private static void codes(String field, String list, Predicate<String> known, String expected) {
        if (list == null) {
            return;
        }
        for (String code : list.split(",", -1)) {
            if (!known.test(code)) {
                throw new InvalidField(field, "names \"" + code + "\"; expected a comma-separated list of " + expected);
            }
        }
    }

    private static boolean isPurpose(String code) {
        try {
            Purpose.of(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isLabel(String code) {
        try {
            SecurityLabel.valueOf(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
