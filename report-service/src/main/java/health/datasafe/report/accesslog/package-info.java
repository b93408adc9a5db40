/** Each patient's access log: who read or tried to read which record, for what purpose, as committed on the ledger. */
package health.datasafe.report.accesslog;
