/** End-to-end stories told through the gateway against the whole devstack. */
package health.datasafe.systemtests;
