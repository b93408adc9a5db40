package health.datasafe.transaction.web;

import java.util.regex.Pattern;

/** The shape of patient, actor, record and consent ids, as the validator checks it. */
public final class Identifier {

    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

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
