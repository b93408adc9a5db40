package health.datasafe.bench.processes;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One process as Linux describes it under {@code /proc/<pid>}: CPU time from {@code stat} (fields 14 to 17,
 * {@code utime}, {@code stime} and what its reaped children used, {@code cutime}, {@code cstime}, in clock ticks) and
 * memory from {@code status} ({@code VmRSS}, {@code VmHWM}, in KiB).
 *
 * @param pid              the process id
 * @param parentPid        field 4 of {@code stat}
 * @param ownCpuTicks      {@code utime + stime}: every thread of the process, user and system
 * @param childrenCpuTicks {@code cutime + cstime}: children it has waited for (their time moves here when they end)
 * @param rssKiB           {@code VmRSS}: resident now
 * @param peakRssKiB       {@code VmHWM}: the most it was ever resident
 */
public record ProcEntry(long pid, long parentPid, long ownCpuTicks, long childrenCpuTicks, long rssKiB,
                        long peakRssKiB) {

    /** Clock ticks per second of the {@code stat} times: USER_HZ, 100 on every Linux this runs on. */
    public static final double TICKS_PER_SECOND = 100.0;

    private static final Path PROC = Path.of("/proc");

    /** The process now, or empty when it has ended (or this is not Linux). */
    public static Optional<ProcEntry> read(long pid) {
        return read(PROC, pid);
    }

    static Optional<ProcEntry> read(Path proc, long pid) {
        Path dir = proc.resolve(Long.toString(pid));
        try {
            String stat = Files.readString(dir.resolve("stat"));
            List<String> status = Files.readAllLines(dir.resolve("status"));
            return Optional.of(parse(pid, stat, status));
        } catch (IOException | RuntimeException e) {
            // ended between listing and reading, or no such process: nothing to count
            return Optional.empty();
        }
    }

    /** Parses {@code stat} and {@code status}; the command name in {@code stat} may hold spaces and parentheses. */
    static ProcEntry parse(long pid, String stat, List<String> status) {
        // "pid (comm) state ppid ...": everything after the last ')' is space-separated, starting with field 3
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long parent = Long.parseLong(fields[1]);
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        long cutime = Long.parseLong(fields[13]);
        long cstime = Long.parseLong(fields[14]);
        return new ProcEntry(pid, parent, utime + stime, cutime + cstime, kib(status, "VmRSS:"), kib(status, "VmHWM:"));
    }

    /** The processes whose parent is {@code parentPid}, as found in {@code /proc} now. */
    public static List<Long> children(long parentPid) {
        return children(PROC, parentPid);
    }

    static List<Long> children(Path proc, long parentPid) {
        List<Long> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, entry -> entry.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                    if (Long.parseLong(fields[1]) == parentPid) {
                        children.add(pid);
                    }
                } catch (IOException | RuntimeException ended) {
                    // gone between listing and reading
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return children;
    }

    public double ownCpuSeconds() {
        return ownCpuTicks / TICKS_PER_SECOND;
    }

    public double childrenCpuSeconds() {
        return childrenCpuTicks / TICKS_PER_SECOND;
    }

    private static long kib(List<String> status, String field) {
        for (String line : status) {
            if (line.startsWith(field)) {
                // "VmRSS:	  123456 kB"
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        // kernel threads and zombies have no memory lines
        return 0;
    }
}
