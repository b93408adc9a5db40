/** Integrity incidents, from the witness and from audits: stored once per distinct finding, listed, and raised as alerts. */
package health.datasafe.recovery.incident;
