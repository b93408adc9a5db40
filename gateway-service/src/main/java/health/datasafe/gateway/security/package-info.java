/** The gateway's own access rules (open paths, a patient's own paths) on top of the service kit's baseline. */
package health.datasafe.gateway.security;
