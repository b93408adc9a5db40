/** The recovery center: witnesses the ledger's blocks independently and audits the ledger against that copy. */
package health.datasafe.recovery;
