/** Where the validator's accepted transactions are written, and the epoch ends that cut them into the ledger's blocks. */
package health.datasafe.validator.epoch;
