/** The data directory: one devstack at a time, wiped only when it is recognisably ours, leftovers of a crash stopped. */
package health.datasafe.devstack.datadir;
