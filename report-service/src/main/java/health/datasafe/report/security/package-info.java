/** The report-service's own access rules, on top of the service kit's security baseline. */
package health.datasafe.report.security;
