package health.datasafe.bench.processes;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProcEntryTest {

    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void thisJvmsOwnEntryHasItsParentCpuTimeAndMemory() {
        burnCpu();

        ProcEntry self = ProcEntry.read(SELF).orElseThrow();

        assertThat(self.pid()).isEqualTo(SELF);
        assertThat(self.parentPid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(self.ownCpuSeconds()).isPositive();
        assertThat(self.rssKiB()).isPositive();
        assertThat(self.peakRssKiB()).isGreaterThanOrEqualTo(self.rssKiB());
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String stat = "4242 (my (odd) name) S 17 4242 4242 0 -1 4194560 500 0 0 0 250 75 3 2 20 0 30 0 1000 "
                + "400000000 20000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        List<String> status = List.of("Name:\tmy (odd) name", "VmHWM:\t  204800 kB", "VmRSS:\t  102400 kB");

        ProcEntry entry = ProcEntry.parse(4242, stat, status);

        assertThat(entry.parentPid()).isEqualTo(17);
        assertThat(entry.ownCpuTicks()).isEqualTo(325);
        assertThat(entry.childrenCpuTicks()).isEqualTo(5);
        assertThat(entry.ownCpuSeconds()).isEqualTo(3.25);
        assertThat(entry.rssKiB()).isEqualTo(102_400);
        assertThat(entry.peakRssKiB()).isEqualTo(204_800);
    }

    @Test
    void aProcessThatDoesNotExistReadsAsEmpty() {
        assertThat(ProcEntry.read(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void childrenAreFoundByTheirParentPidAndATreeCountsThem() throws Exception {
        // a shell that waits for its cat: two idle processes, parent and child
        Process shell = new ProcessBuilder("sh", "-c", "cat; true").start();
        try {
            assertThat(ProcEntry.children(SELF)).contains(shell.pid());
            List<Long> grandchildren = await().atMost(Duration.ofSeconds(10))
                    .until(() -> ProcEntry.children(shell.pid()), children -> children.size() == 1);
            ProcEntry cat = ProcEntry.read(grandchildren.getFirst()).orElseThrow();
            ProcEntry sh = ProcEntry.read(shell.pid()).orElseThrow();

            WatchedProcess.Sample tree = new WatchedProcess("tree", shell.pid(), true).sample().orElseThrow();
            WatchedProcess.Sample alone = new WatchedProcess("alone", shell.pid(), false).sample().orElseThrow();

            assertThat(tree.rssKiB()).isEqualTo(sh.rssKiB() + cat.rssKiB());
            assertThat(alone.rssKiB()).isEqualTo(sh.rssKiB());
            assertThat(alone.peakRssKiB()).isPositive();
            assertThat(tree.peakRssKiB()).isZero();
        } finally {
            shell.destroy();
            ProcessHandle.of(shell.pid()).ifPresent(ProcessHandle::destroy);
            shell.descendants().forEach(ProcessHandle::destroy);
            shell.waitFor();
        }
    }

    @Test
    void aWatchReportsTheCpuUsedAndThePeakResidentSetOfItsWindow() {
        ProcessWatch watch = ProcessWatch.start(List.of(new WatchedProcess("this JVM", SELF, false),
                new WatchedProcess("gone", Long.MAX_VALUE, false)));
        burnCpu();

        List<ProcessUsage> usage = watch.stop();

        assertThat(usage).extracting(ProcessUsage::name).containsExactly("this JVM", "gone");
        ProcessUsage self = usage.getFirst();
        assertThat(self.cpuSeconds()).isPositive();
        assertThat(self.rssMiB()).isPositive();
        assertThat(self.lifetimePeakRssMiB()).isGreaterThanOrEqualTo(self.rssMiB());
        assertThat(self.samples()).isGreaterThanOrEqualTo(2);
        assertThat(usage.get(1).samples()).isZero();
        assertThat(usage.get(1).cpuSeconds()).isZero();
        assertThat(self.plus(self).cpuSeconds()).isEqualTo(self.cpuSeconds() * 2);
        assertThat(self.plus(self).rssMiB()).isEqualTo(self.rssMiB());
    }

    /** About a third of a CPU second: enough clock ticks (10 ms each) to be seen. */
    private static void burnCpu() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] block = new byte[1 << 16];
            long until = System.nanoTime() + 300_000_000;
            while (System.nanoTime() < until) {
                block[0] = sha.digest(block)[0];
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
