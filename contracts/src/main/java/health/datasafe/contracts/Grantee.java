package health.datasafe.contracts;

/**
 * How a consent's {@link Metadata#GRANTEE} names whom it is about, each entry of its comma-separated list: an actor id,
 * {@code role:ROLE} (everyone registered with that role) or {@code org:ORGANIZATION} (everyone an administrator
 * registered for that organization).
 */
public final class Grantee {

    /** Prefix of an entry naming a role. */
    public static final String ROLE = "role:";
    /** Prefix of an entry naming an organization. */
    public static final String ORG = "org:";

    private Grantee() {
    }

    /** Whether the entry names one actor by id (who must be registered), not a role or an organization. */
    public static boolean isActorId(String entry) {
        return !entry.startsWith(ROLE) && !entry.startsWith(ORG);
    }
}
