/** Who may call what: every path but the actuator's health needs a bearer token, refusals are problem+json. */
package health.datasafe.validator.security;
