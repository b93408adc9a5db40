/** dsh-verify, the offline verifier of DataSafeHealth ledgers. */
package health.datasafe.verifier;
