/** The validator-service's own access rule, on top of the service kit's security baseline. */
package health.datasafe.validator.security;
