/** The transaction-service's own access rules, on top of the service kit's security baseline. */
package health.datasafe.transaction.security;
