package health.datasafe.transaction.rebuild;

import health.datasafe.kit.rebuild.RebuildRefused;

import java.util.List;

/**
 * The rebuilt schema lacks rows the live one holds, or holds them with other values: {@code count} rows of
 * {@code table}, the first few named by id.
 */
class RebuiltSchemaLacksRows extends RebuildRefused {

    private final String table;
    private final long count;
    private final List<String> first;

    RebuiltSchemaLacksRows(String table, long count, List<String> first) {
        super("the rebuilt schema lacks " + count + " row(s) of " + table + " the live one holds (missing, or with"
                + " other values), first " + String.join(", ", first));
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
