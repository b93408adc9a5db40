/** Bearer tokens are checked at the gateway, and a patient's token only reaches that patient's own paths. */
package health.datasafe.gateway.security;
