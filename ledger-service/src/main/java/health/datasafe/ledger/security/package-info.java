/** The ledger-service's own access rule, on top of the service kit's security baseline. */
package health.datasafe.ledger.security;
