/** Which public path goes to which service; paths are relayed unchanged. */
package health.datasafe.gateway.routing;
