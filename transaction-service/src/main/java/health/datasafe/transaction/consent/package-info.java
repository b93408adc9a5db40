/** Patients grant and revoke consents, each as a signed transaction the validator enforces. */
package health.datasafe.transaction.consent;
