/** The read API of the ledger: chain heads, blocks and where a transaction was committed. */
package health.datasafe.ledger.query;
