/** The signing and encryption keys the devstack generates once and hands to the services. */
package health.datasafe.devstack.keys;
