/** How the report-service's access log is rebuilt by replaying the ledger's blocks, and checked. */
package health.datasafe.report.rebuild;
