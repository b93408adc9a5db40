/** Admission of consumed records: parse, check signature and hash, or send the record to the dead-letter topic. */
package health.datasafe.ledger.intake;
