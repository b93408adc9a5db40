/** The submit benchmark program: its options, the devstack it runs against, and the report it prints and writes. */
package health.datasafe.bench;
