package health.datasafe.integrity;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When a block is final: the ledger nodes whose signatures count, by key id with their names, and how many of them
 * must sign the same block hash (docs/ledger-format.md, section 4d). A ledger of a {@link Genesis} counts its nodes
 * and needs its quorum; a ledger without one counts its pinned keys and needs one signature.
 *
 * @param names    the name of every counted node by its key id (the key id itself for a ledger without a genesis)
 * @param required how many distinct counted nodes make a block final
 */
public record Quorum(Map<String, String> names, int required) {

    public Quorum {
        names = Map.copyOf(names);
        if (required < 1 || required > names.size()) {
            throw new IllegalArgumentException("a quorum of " + required + " out of " + names.size() + " nodes");
        }
    }

    /** The genesis nodes and the genesis quorum. */
    public static Quorum of(Genesis genesis) {
        var names = new LinkedHashMap<String, String>();
        genesis.nodes().forEach(node -> names.put(node.key().keyId(), node.name()));
        return new Quorum(names, genesis.quorum());
    }

    /** Any one of these keys, for a ledger without a genesis. */
    public static Quorum anyOf(TrustedKeys keys) {
        var names = new LinkedHashMap<String, String>();
        keys.keyIds().forEach(keyId -> names.put(keyId, keyId));
        return new Quorum(names, 1);
    }

    /** Whether the key id is one of the counted nodes. */
    public boolean counts(String keyId) {
        return names.containsKey(keyId);
    }

    /** The node's name, or the key id itself when it is not a counted node. */
    public String nameOf(String keyId) {
        return names.getOrDefault(keyId, keyId);
    }

    /** Whether these signers (key ids) of one block hash include {@link #required()} distinct counted nodes. */
    public boolean reachedBy(Collection<String> signerKeyIds) {
        var counted = new HashSet<String>();
        for (String keyId : signerKeyIds) {
            if (counts(keyId)) {
                counted.add(keyId);
            }
        }
        return counted.size() >= required;
    }
}
