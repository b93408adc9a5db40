package health.datasafe.recovery.rebuild;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A target service's answer about one of its rebuilds, as {@code POST} and {@code GET .../rebuilds[/{id}]} give it. */
@JsonIgnoreProperties(ignoreUnknown = true)
record TargetStatus(String id, String state, long recordsReplayed, long recordsTotal, long perSecond, long etaSeconds,
                    String failure) {

    /** Whether this is a status at all: an id recovery can put in a path and one of the three states. */
    boolean readable() {
        return id != null && id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}") && knownState() != null;
    }

    /** The state, or null when the target named none recovery knows. */
    RebuildStatus.State knownState() {
        try {
            return state == null ? null : RebuildStatus.State.valueOf(state);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }
}
