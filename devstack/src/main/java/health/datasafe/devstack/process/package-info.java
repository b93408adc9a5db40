/** Child JVMs: starting them with their output in a log file, probing their health, stopping them. */
package health.datasafe.devstack.process;
