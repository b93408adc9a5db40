/**
 * Rebuilds of a service's state from the log, asked of recovery by an admin and delegated to the service's own rebuild
 * endpoint, whose progress recovery stores, polls and logs; see {@link health.datasafe.recovery.rebuild.Rebuilds} for
 * why polling uses the admin's token held in memory and never a stored one.
 */
package health.datasafe.recovery.rebuild;
