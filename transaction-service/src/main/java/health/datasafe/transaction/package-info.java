/** The transaction initiator: turns every write, consent change and read into a signed ledger transaction, and keeps record content encrypted in its vault. */
package health.datasafe.transaction;
