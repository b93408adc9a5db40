/** How the report-service's access log is rebuilt by replaying the ledger's blocks, checked, and its endpoint. */
package health.datasafe.report.rebuild;
