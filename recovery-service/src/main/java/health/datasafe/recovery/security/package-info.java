/** The recovery-service's own access rule, on top of the service kit's security baseline. */
package health.datasafe.recovery.security;
