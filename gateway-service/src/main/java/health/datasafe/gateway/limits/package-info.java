/** Limits on what a caller may send through the gateway. */
package health.datasafe.gateway.limits;
