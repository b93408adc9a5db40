/** The witness copy of the ledger: every committed block checked independently, kept, or recorded as an integrity incident. */
package health.datasafe.recovery.witness;
