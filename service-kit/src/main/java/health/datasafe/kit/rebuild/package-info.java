/** Rebuilding a service's state by replaying its topics into a fresh schema, then switching to it atomically. */
package health.datasafe.kit.rebuild;
