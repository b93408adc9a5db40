package health.datasafe.transaction.web;

import health.datasafe.contracts.Ids;

import java.util.regex.Pattern;

/** The shape of patient, actor, record and consent ids, as the validator checks it. */
public final class Identifier {

    public static final Pattern PATTERN = Ids.PATTERN;

    private Identifier() {
    }

    /** The value, if it is a valid id; otherwise {@link InvalidField}. */
    public static String checked(String field, String value) {
        if (value == null || !PATTERN.matcher(value).matches()) {
            throw new InvalidField(field, "must match " + PATTERN.pattern());
        }
        return value;
    }
}
