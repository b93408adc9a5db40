/** The services' shared plumbing, one Spring Boot auto-configuration per concern; services never import each other. */
package health.datasafe.kit;
