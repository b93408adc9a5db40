/** The settings every service shares, added beneath each service's own configuration. */
package health.datasafe.kit.defaults;
