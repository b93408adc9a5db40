package health.datasafe.contracts;

import java.util.regex.Pattern;

/** The one shape of patient, actor, record, consent and organization ids: what every service accepts and checks. */
public final class Ids {

    /** A letter or digit, then up to 63 letters, digits, dots, underscores, at signs or hyphens. */
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private Ids() {
    }

    public static boolean valid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }
}
