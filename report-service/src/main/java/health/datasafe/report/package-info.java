/** The report generator: turns committed ledger blocks into reports a patient or an auditor can read. */
package health.datasafe.report;
