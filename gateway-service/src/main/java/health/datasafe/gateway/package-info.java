/** The gateway: the one public entry point, relaying {@code /api/**} to the services behind it. */
package health.datasafe.gateway;
