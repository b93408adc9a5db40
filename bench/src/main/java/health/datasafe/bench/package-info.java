/** dsh-bench's command line (picocli) and the submit benchmark: its options, the devstack it runs against, and its report. */
package health.datasafe.bench;
