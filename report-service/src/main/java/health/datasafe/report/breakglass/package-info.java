/** The break-glass register: every break-glass with the emergency reads under it and its review, for auditors. */
package health.datasafe.report.breakglass;
