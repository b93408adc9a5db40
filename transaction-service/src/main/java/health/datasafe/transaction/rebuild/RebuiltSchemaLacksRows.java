package health.datasafe.transaction.rebuild;

import health.datasafe.kit.rebuild.RebuildRefused;

import java.util.List;

/**
 * The rebuilt vault lacks rows the live one holds, or holds them with other bytes: {@code count} rows of
 * {@code table}, the first few named by id.
 */
class RebuiltVaultLacksRows extends RebuildRefused {

    private final String table;
    private final long count;
    private final List<String> first;

    RebuiltVaultLacksRows(String table, long count, List<String> first) {
        super("the rebuilt vault lacks " + count + " row(s) of " + table + " the live vault holds (missing, or with"
                + " other bytes), first " + String.join(", ", first));
        this.table = table;
        this.count = count;
        this.first = List.copyOf(first);
    }

    String table() {
        return table;
    }

    long count() {
        return count;
    }

    List<String> first() {
        return first;
    }
}
