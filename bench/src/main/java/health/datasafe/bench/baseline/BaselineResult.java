package health.datasafe.bench.baseline;

import java.util.List;

/**
 * What PostgreSQL achieved with single-row autocommit inserts.
 *
 * @param clients       concurrent inserting connections, one thread each
 * @param rowBytes      size of each row's payload column
 * @param rows          rows whose insert returned inside the timed window
 * @param seconds       length of the window
 * @param rowsPerSecond {@code rows / seconds}
 * @param rowsInTable   rows the table held at the end (at least {@code rows}; inserts in flight at the end add to it)
 * @param errors        inserts that failed
 * @param errorSamples  the first few distinct error messages
 */
public record BaselineResult(int clients, int rowBytes, long rows, double seconds, double rowsPerSecond,
                             long rowsInTable, long errors, List<String> errorSamples) {
}
